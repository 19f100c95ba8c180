export interface AuthTables {
  admin_users: {
    id: string;
    username: string;
    display_name: string;
    password_hash: string;
    role: string;
    disabled: number;
    created_at: string;
    updated_at: string;
  };
  admin_sessions: {
    id: string;
    token_hash: string;
    user_id: string;
    csrf_token: string;
    created_at: string;
    expires_at: string;
    last_seen_at: string;
  };
  api_keys: {
    id: string;
    name: string;
    prefix: string;
    secret_hash: string;
    scopes: string; // JSON array of permissions
    created_by: string | null;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  setup_tokens: {
    id: string;
    token_hash: string;
    created_at: string;
    used_at: string | null;
  };
  data_keys: {
    id: string;
    algorithm: string;
    wrapped_key: string;
    status: string; // active | retired | standby (a key of another algorithm, for protected operator columns) | index
    created_at: string;
  };
}
