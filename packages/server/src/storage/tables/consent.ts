/** Tables of notices and consent (migration 0005-consent). */
export interface ConsentTables {
  policy_documents: {
    id: string;
    app: string; // a catalog system key
    kind: string; // privacy_policy | children_rules | sdk_list
    title: string;
    created_at: string;
    updated_at: string;
  };
  policy_versions: {
    id: string;
    document_id: string;
    version: number;
    content: string;
    content_hash: string; // sha256 hex of content
    change_summary: string | null;
    material_change: number; // 0/1
    effective_at: string;
    published_at: string;
  };
  subjects: {
    id: string;
    birth_date_ciphertext: string | null;
    age_band: string | null;
    guardian_id: string | null;
    created_at: string;
    updated_at: string;
  };
  subject_identities: {
    id: string;
    subject_id: string;
    type: string; // mobile | email | app_user_id
    value_ciphertext: string;
    blind_index: string;
    created_at: string;
  };
  consent_events: {
    id: string;
    seq: number;
    subject_id: string;
    app: string;
    purpose: string;
    action: string;
    kind: string;
    policy_version: number;
    policy_hash: string;
    notice_hash: string;
    channel: string;
    occurred_at: string;
    prev_hash: string;
    hash: string;
  };
  consent_ledger_head: { id: string; seq: number; hash: string };
  consent_prompts: {
    id: string;
    subject_id: string;
    app: string;
    target_kind: string; // purpose | permission
    target: string;
    outcome: string | null; // granted | refused | dismissed
    shown_at: string;
  };
  prompt_settings: { target_kind: string; target: string; reprompt_hours: number; updated_at: string };
  idempotency_keys: { key: string; request_hash: string; response: string; created_at: string };
  consent_webhooks: { id: string; recipient_id: string; url: string; secret_ciphertext: string; created_at: string; updated_at: string };
  receipt_keys: { id: string; public_key: string; private_key_ciphertext: string; created_at: string };
}
