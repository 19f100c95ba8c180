/**
 * Every column where pipguard keeps keyring ciphertext, so `pipguard keys rotate` can re-encrypt all
 * of it. An area that stores encrypted values adds its columns here (one entry per column).
 */
export interface EncryptedColumn {
  table: string;
  /** The primary-key column. */
  id: string;
  column: string;
  /** The AAD place the value was encrypted for; may depend on other columns of the row. */
  place: (row: Record<string, unknown>) => string;
  /** Extra columns `place` needs. */
  with?: string[];
}

const fixed = (place: string) => () => place;

export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  // catalog
  { table: "data_stores", id: "id", column: "connection_ciphertext", place: fixed("data_stores.connection") },
  // consent: subjects and their identities, receipt signing key, webhook secrets
  { table: "subjects", id: "id", column: "birth_date_ciphertext", place: fixed("subjects.birth_date") },
  { table: "subject_identities", id: "id", column: "value_ciphertext", place: (r) => `subject_identities.${String(r.type)}`, with: ["type"] },
  { table: "receipt_keys", id: "id", column: "private_key_ciphertext", place: fixed("receipt_keys.private_key") },
  { table: "consent_webhooks", id: "id", column: "secret_ciphertext", place: fixed("consent_webhooks.secret") },
  // rights requests: requester contact and text, notes, messages, export packages
  { table: "rights_requests", id: "id", column: "contact_ciphertext", place: fixed("rights_requests.contact") },
  { table: "rights_requests", id: "id", column: "details_ciphertext", place: fixed("rights_requests.details") },
  { table: "request_events", id: "id", column: "note_ciphertext", place: fixed("request_events.note") },
  { table: "outbox_messages", id: "id", column: "recipient_ciphertext", place: fixed("outbox_messages.recipient") },
  { table: "outbox_messages", id: "id", column: "body_ciphertext", place: fixed("outbox_messages.body") },
  { table: "request_exports", id: "id", column: "package_ciphertext", place: fixed("request_exports.package") },
  { table: "request_run_stores", id: "id", column: "found_ciphertext", place: fixed("request_run_stores.found") },
  // PI detection: redaction token vaults (the place carries the vault id)
  { table: "pi_token_vaults", id: "id", column: "data_ct", place: (r) => `pi_token_vaults.data:${String(r.id)}` },
  // protection: reveal justifications in the access log (hashed as plaintext), issued canary rows
  { table: "access_log", id: "id", column: "justification_ciphertext", place: fixed("access_log.justification") },
  { table: "access_canaries", id: "id", column: "print_ciphertext", place: fixed("access_canaries.print") },
];

/** Adds columns to the registry (called at module load by the area that owns them). */
export function registerEncryptedColumns(...cols: EncryptedColumn[]): void {
  for (const c of cols) if (!ENCRYPTED_COLUMNS.some((x) => x.table === c.table && x.column === c.column)) ENCRYPTED_COLUMNS.push(c);
}

/** A place that is the same for every row. */
export const fixedPlace = fixed;
