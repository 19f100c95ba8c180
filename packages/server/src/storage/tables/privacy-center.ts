/** Tables of the privacy center (migration 0012-privacy-center). */
export interface PrivacyCenterTables {
  subject_login_codes: {
    id: string;
    identity_index: string; // blind index of "type:normalised value"; the value itself is not stored here
    subject_id: string | null; // null when no subject has the identity (the flow looks the same)
    identity_id: string | null; // the subject_identities row the code was sent to
    code_hash: string;
    expires_at: string;
    attempts: number;
    consumed_at: string | null;
    created_at: string;
  };
  subject_sessions: {
    id: string;
    token_hash: string;
    subject_id: string;
    identity_id: string; // the identity signed in with: where codes and request notices go
    csrf_token: string;
    created_at: string;
    expires_at: string;
  };
  subject_request_links: {
    request_id: string;
    subject_id: string; // whom the request concerns
    filed_by_subject_id: string; // who filed it (the guardian when acting for a child)
    created_at: string;
  };
}
