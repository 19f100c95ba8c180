/** Tables of the rights-request area (migration 0006-requests). */
export interface RequestTables {
  rights_requests: {
    id: string;
    type: string;
    status: string;
    deceased_relative: number;
    channel: string; // email | sms
    contact_ciphertext: string; // the e-mail or mobile the requester gave, encrypted
    contact_index: string; // blind index of the normalised contact
    details_ciphertext: string | null;
    received_at: string;
    received_on: string; // calendar date in PIPGUARD_TIMEZONE
    due_on: string;
    due_provisional: number;
    extended_days: number;
    assignee_id: string | null;
    refusal_reason: string | null;
    verified_at: string | null;
    closed_at: string | null;
    reminder5_sent: number;
    reminder2_sent: number;
    overdue_at: string | null;
    created_at: string;
    updated_at: string;
  };
  request_events: {
    id: string;
    request_id: string;
    kind: string; // transition | assignment | note | extension | reminder | overdue | fulfilment | correction
    from_status: string | null;
    to_status: string | null;
    actor_kind: string; // requester | staff | system
    actor_id: string | null;
    note_ciphertext: string | null;
    created_at: string;
  };
  request_extensions: {
    id: string;
    request_id: string;
    working_days: number;
    reason: string;
    previous_due: string;
    new_due: string;
    actor_id: string | null;
    created_at: string;
  };
  request_codes: {
    id: string;
    request_id: string;
    code_hash: string; // keyed hash; the code itself is never stored
    expires_at: string;
    attempts: number;
    consumed_at: string | null;
    created_at: string;
  };
  rate_events: {
    id: string;
    bucket: string; // e.g. "intake:ip:<hash>"; never a plaintext identity or address
    created_at: string;
  };
  outbox_messages: {
    id: string;
    request_id: string | null;
    channel: string; // email | sms | console
    recipient_ciphertext: string;
    subject: string; // carries no personal data
    body_ciphertext: string;
    status: string; // pending | sent | dead
    attempts: number;
    last_error: string | null;
    next_attempt_at: string;
    dedupe_key: string | null;
    created_at: string;
    sent_at: string | null;
  };
  request_exports: {
    id: string;
    request_id: string;
    token_hash: string; // keyed hash of the download token; the token is only in the requester's message
    package_ciphertext: string; // the ZIP, base64 inside the envelope encryption
    bytes: number;
    expires_at: string;
    downloads: number;
    created_at: string;
  };
}
