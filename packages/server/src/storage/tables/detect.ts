/** Tables of PI detection. */
export interface DetectTables {
  /** A redaction session's token vault; `data_ct` is the keyring-encrypted vault JSON. */
  pi_token_vaults: {
    id: string;
    owner: string; // user:<id> | key:<id>: only the creator restores
    data_ct: string;
    entries: number;
    created_at: string;
    updated_at: string;
    expires_at: string;
  };
  /** A PI type proposed for a data-store column by a sampling scan; an admin accepts (→ catalog field) or rejects it. */
  pi_field_suggestions: {
    id: string;
    store_id: string;
    table_name: string;
    column_name: string;
    pi_type: string;
    category: string;
    sensitive: number; // 0 | 1
    share_permille: number; // share of sampled cells that matched, in ‰
    sampled: number;
    status: string; // pending | accepted | rejected
    field_id: string | null;
    decided_by: string | null;
    created_at: string;
    updated_at: string;
  };
}
