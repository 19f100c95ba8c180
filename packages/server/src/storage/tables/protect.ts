/** Tables of the protection of operator columns (migration 0010-protect). */
export interface ProtectTables {
  /** A column of a catalog data store encrypted in place by `pipguard protect column`. */
  protected_columns: {
    id: string;
    store_id: string;
    table_name: string;
    column_name: string;
    scheme: string; // aes-256-gcm | sm4-ctr-hmac-sm3
    key_id: string; // data key new values are encrypted under
    index_column: string; // the blind-index column added beside it
    original_type: string | null; // engine-specific type to restore on undo; null when not widened
    max_length: number | null; // declared length before widening (what connectors report)
    status: string; // protecting | protected | unprotecting
    cursor: string | null; // JSON array: primary key of the last row done in this pass
    rows_done: number;
    created_at: string;
    updated_at: string;
  };
}
