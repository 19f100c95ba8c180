/** Tables of rights-request runs and requester tokens (migration 0011-request-runs). */
export interface RequestRunTables {
  request_runs: {
    id: string;
    request_id: string;
    job_id: string; // the requests.run job that executes it
    mode: string; // export | erase
    stores: string; // JSON array of catalog data-store keys, in order
    actor_kind: string;
    actor_id: string | null;
    outcome: string | null; // JSON per store and table (counts only), once finished
    created_at: string;
    finished_at: string | null;
  };
  request_run_stores: {
    id: string;
    run_id: string;
    store_key: string;
    attempt: number; // the job attempt that did this store
    outcome: string; // JSON tables and counts (never row values)
    found_ciphertext: string | null; // export runs: the rows found, encrypted, until the package is built
    finished_at: string;
  };
  request_requester_tokens: {
    request_id: string;
    token_hash: string; // blind index of the token shown once to the verified requester
    created_at: string;
  };
}
