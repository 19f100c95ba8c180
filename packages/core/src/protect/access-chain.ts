/**
 * The access log's hash chain (PIPL Art. 54 compliance audits; GB/T 35273-2020 §10.2 records of
 * access to PI): every read of PI through pipguard is one entry carrying the hash of the one before,
 * so editing, deleting, inserting or reordering an entry breaks the chain at that position. The same
 * construction as the consent ledger (consent/chain.ts).
 */
import { type ChainBreak, type ChainHead, GENESIS_HASH } from "../consent/chain.js";
import type { Hasher } from "../ports/hasher.js";

/** Kinds of access that are logged. */
export const ACCESS_ACTIONS = ["view_pull", "view_export", "reveal", "request_export", "vault_restore"] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** One access, before it is linked. Subject ids are pseudonymous (consent subject ids), never PI. */
export interface AccessEntryInput {
  id: string;
  at: string;
  /** user:<id> | key:<id> | contractor:<id> */
  actor: string;
  action: AccessAction;
  grantId: string | null;
  purpose: string | null;
  /** The view, request or vault read. */
  target: string;
  subjectIds: string[];
  fields: string[];
  rowCount: number;
  /** Written reason (reveals); null otherwise. */
  justification: string | null;
}

/** A linked entry. */
export interface AccessEntry extends AccessEntryInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The exact text hashed for an entry (fixed field order). */
export function canonicalAccessEntry(e: AccessEntryInput & { seq: number; prevHash: string }, subjectIdsJson = JSON.stringify(e.subjectIds)): string {
  // JSON.stringify([seq, prevHash, id, at, actor, action, grantId, purpose, target, subjectIds, fields,
  // rowCount, justification]), with the subject ids' JSON (an export's 10,000 ids) written once by the caller.
  const head = JSON.stringify([e.seq, e.prevHash, e.id, e.at, e.actor, e.action, e.grantId, e.purpose, e.target]);
  const tail = JSON.stringify([e.fields, e.rowCount, e.justification]);
  return `${head.slice(0, -1)},${subjectIdsJson},${tail.slice(1)}`;
}

/** Links an entry after `head` (null for an empty log); `subjectIdsJson` when the caller has it already. */
export function chainAccessEntry(input: AccessEntryInput, head: ChainHead | null, hasher: Hasher, subjectIdsJson?: string): AccessEntry {
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const linked = { ...input, seq, prevHash };
  return { ...linked, hash: hasher.sha256Hex(canonicalAccessEntry(linked, subjectIdsJson)) };
}

export type AccessChainVerdict =
  | { ok: true; count: number; head: ChainHead | null }
  | { ok: false; count: number; position: number; seq: number | null; problem: ChainBreak };

/** Incremental verifier, so a long log is checked a page at a time. */
export class AccessChainVerifier {
  private prevHash = GENESIS_HASH;
  private position = 0;
  private broken: AccessChainVerdict | undefined;
  private lastSeq: number | null = null;

  constructor(private readonly hasher: Hasher) {}

  /** Feeds the next entries in stored order; false once the chain is broken. */
  push(entries: readonly AccessEntry[]): boolean {
    for (const e of entries) {
      if (this.broken) return false;
      this.position++;
      const fail = (problem: ChainBreak) => {
        this.broken = { ok: false, count: this.position, position: this.position, seq: e.seq, problem };
      };
      if (e.seq !== this.position) fail("sequence_gap");
      else if (e.prevHash !== this.prevHash) fail("prev_hash_mismatch");
      else if (this.hasher.sha256Hex(canonicalAccessEntry(e)) !== e.hash) fail("hash_mismatch");
      else {
        this.prevHash = e.hash;
        this.lastSeq = e.seq;
      }
    }
    return !this.broken;
  }

  /** The verdict, checked against the head record kept beside the log (catches truncation and appends). */
  finish(head: ChainHead | null): AccessChainVerdict {
    if (this.broken) return this.broken;
    const headSeq = head?.seq ?? 0;
    if (headSeq !== (this.lastSeq ?? 0) || (head?.hash ?? GENESIS_HASH) !== this.prevHash) {
      const position = Math.min(headSeq, this.position) + 1;
      return { ok: false, count: this.position, position, seq: null, problem: "head_mismatch" };
    }
    return { ok: true, count: this.position, head: this.lastSeq === null ? null : { seq: this.lastSeq, hash: this.prevHash } };
  }
}

/** Verifies a whole log held in memory. */
export function verifyAccessChain(entries: readonly AccessEntry[], hasher: Hasher, head: ChainHead | null): AccessChainVerdict {
  const v = new AccessChainVerifier(hasher);
  v.push(entries);
  return v.finish(head);
}
