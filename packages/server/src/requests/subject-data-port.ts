import { DomainError } from "@pipguard/core";

/** Who the operator's data is about: the verified contact of a request. */
export interface SubjectIdentity {
  email?: string;
  mobile?: string;
}

/** Rows found for a subject in one store, per table. */
export interface SubjectRows {
  storeKey: string;
  tables: { table: string; rows: Record<string, unknown>[] }[];
}

/** What an erasure did (or, on a dry run, would do), per table. */
export interface ErasureOutcome {
  storeKey: string;
  dryRun: boolean;
  tables: { table: string; action: string; rows: number }[];
}

/** A correction (PIPL Art. 46, 更正、补充): set one column of the subject's rows of one table. */
export interface CorrectionInput {
  table: string;
  column: string;
  value: string | number | boolean | null;
}

/** What a correction changed: the values before (per row) and after. */
export interface CorrectionOutcome {
  storeKey: string;
  table: string;
  column: string;
  rows: number;
  before: unknown[];
  after: unknown;
}

/**
 * The port through which a request reaches the operator's databases (server/src/connectors).
 * Access, copy and portability use `find`; deletion and account deletion use `erase`.
 */
export interface SubjectDataPort {
  /** The stores the port can reach (catalog data-store keys). */
  stores(): Promise<string[]>;
  find(storeKey: string, identity: SubjectIdentity): Promise<SubjectRows>;
  erase(storeKey: string, identity: SubjectIdentity, opts: { dryRun: boolean }): Promise<ErasureOutcome>;
  /** Applies a correction to the subject's rows in one transaction of the store. */
  correct(storeKey: string, identity: SubjectIdentity, change: CorrectionInput): Promise<CorrectionOutcome>;
}

/** The port used until connectors are wired: every call answers NOT_CONFIGURED. */
export const NOT_CONFIGURED_PORT: SubjectDataPort = {
  async stores() {
    throw notConfigured();
  },
  async find() {
    throw notConfigured();
  },
  async erase() {
    throw notConfigured();
  },
  async correct() {
    throw notConfigured();
  },
};

function notConfigured(): DomainError {
  return new DomainError("NOT_CONFIGURED", "no connector is configured for the operator's data stores; fulfil the request by hand and complete it");
}
