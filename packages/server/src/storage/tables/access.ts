/** Tables of contractor access, alerts, leak marks and the access log (migration 0009-access). */
export interface AccessTables {
  /** An entrusted processor (受托人, PIPL Art. 21). */
  access_contractors: { id: string; name: string; created_at: string };
  /** An API key (scope access:pull) bound to its contractor. */
  access_contractor_keys: { api_key_id: string; contractor_id: string; created_at: string };
  /** A view: `spec` is the ViewSpec JSON (store, table, fields with masks, filter, subject column). */
  access_views: { id: string; name: string; spec: string; created_at: string; updated_at: string };
  access_grants: {
    id: string;
    contractor_id: string;
    view_id: string;
    purpose: string; // a catalog purpose code
    status: string; // active | suspended | revoked
    expires_at: string;
    daily_row_quota: number;
    hours_start: number | null; // Asia/Shanghai, inclusive
    hours_end: number | null; // exclusive
    auto_suspend: number; // 0/1: an alert suspends the grant
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
  /** Rows pulled per grant per Asia/Shanghai day. */
  access_usage: { grant_id: string; day: string; rows: number };
  access_alerts: {
    id: string;
    grant_id: string;
    kind: string; // quota_exceeded | unusual_volume | outside_hours | canary_revealed
    detail: string; // JSON, no PI
    suspended: number; // 0/1: this alert suspended the grant
    dedupe_key: string | null;
    created_at: string;
  };
  /** A canary row issued to a grant: `print_ciphertext` holds its output cells (fabricated, masked). */
  access_canaries: { id: string; grant_id: string; anchor: string; print_ciphertext: string; created_at: string };
  /** The hash-chained access log; the hash covers the justification's plaintext, so key rotation keeps it valid. */
  access_log: {
    seq: number;
    id: string;
    at: string;
    actor: string;
    action: string;
    grant_id: string | null;
    purpose: string | null;
    target: string;
    subject_ids: string; // JSON array of pseudonymous ids, or `z:` + base64 of it raw-deflated (access-log.ts)
    fields: string; // JSON array
    row_count: number;
    justification_ciphertext: string | null;
    prev_hash: string;
    hash: string;
  };
  access_log_head: { id: string; seq: number; hash: string };
}
