/** Tables of the catalog area (data map); see migrations/0004-catalog.ts. */
export interface CatalogTables {
  /** One row (id "default"): the processor the record of processing is about. */
  catalog_meta: {
    id: number;
    version: number;
  };
  catalog_organisation: {
    id: string;
    name_zh: string;
    name_en: string;
    contact: string | null;
    updated_at: string;
  };
  systems: {
    id: string;
    key: string;
    name: string;
    kind: string;
    app_type: string | null;
    description: string | null;
    created_at: string;
    updated_at: string;
  };
  data_stores: {
    id: string;
    key: string;
    system_id: string;
    name: string;
    kind: string;
    /** Keyring ciphertext bound to the place "data_stores.connection"; never returned by the API. */
    connection_ciphertext: string | null;
    description: string | null;
    created_at: string;
    updated_at: string;
  };
  catalog_fields: {
    id: string;
    store_id: string;
    table_name: string;
    column_name: string;
    pi_type: string | null;
    category: string;
    sensitive: number;
    identity_role: string | null;
    description: string | null;
    created_at: string;
    updated_at: string;
  };
  purposes: {
    id: string;
    code: string;
    name_zh: string;
    name_en: string;
    description: string | null;
    legal_basis: string;
    necessity: string;
    consent_kind: string;
    automated_decision: number;
    minors_under_14: number;
    /** Last material change (PIPL Art. 14 para. 2) and its reasons as a JSON list; null when never. */
    material_change_at?: string | null;
    material_change_reasons?: string | null;
    created_at: string;
    updated_at: string;
  };
  purpose_fields: {
    purpose_id: string;
    field_id: string;
  };
  recipients: {
    id: string;
    key: string;
    name: string;
    kind: string;
    country: string;
    contact: string | null;
    description: string | null;
    /** JSON array of GB/T 35273 category ids */
    pi_categories: string;
    created_at: string;
    updated_at: string;
  };
  recipient_purposes: {
    recipient_id: string;
    purpose_id: string;
  };
  retention_rules: {
    id: string;
    key: string;
    purpose_id: string | null;
    store_id: string | null;
    period: string;
    starts_on: string;
    action: string;
    legal_reference: string | null;
    description: string | null;
    created_at: string;
    updated_at: string;
  };
}
