/**
 * The consent ledger's hash chain: each event carries the hash of the one before, so editing,
 * deleting, inserting or reordering any stored event breaks the chain at that position.
 */
import type { Hasher } from "../ports/hasher.js";
import type { ConsentEvent, ConsentEventInput } from "./types.js";

/** The previous hash of the first event. */
export const GENESIS_HASH = "0".repeat(64);

/** The ledger's last event, as the chain needs it. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The exact text hashed for an event: every field in a fixed order, so the hash is reproducible. */
export function canonicalEvent(e: ConsentEventInput & { seq: number; prevHash: string }): string {
  // Byte for byte JSON.stringify([seq, prevHash, id, subjectId, app, purpose, action, kind, policyVersion,
  // policyHash, noticeHash, channel, at]) — the form every stored hash was computed over — written out
  // with one concatenation: building and stringifying the array was a tenth of batch ingest.
  return `[${num(e.seq)},${str(e.prevHash)},${str(e.id)},${str(e.subjectId)},${str(e.app)},${str(e.purpose)},${str(e.action)},${str(e.kind)},${num(e.policyVersion)},${str(e.policyHash)},${str(e.noticeHash)},${str(e.channel)},${str(e.at)}]`;
}

/** Characters JSON.stringify escapes in a string: quote, backslash, controls, and (lone) surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON.stringify escapes.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it in an array (plain strings, the usual case, without calling it). */
function str(s: string): string {
  return typeof s === "string" && !NEEDS_ESCAPE.test(s) ? `"${s}"` : (JSON.stringify(s) ?? "null");
}

/** A number as JSON.stringify writes it in an array (an integer, the usual case, directly). */
function num(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : (JSON.stringify(n) ?? "null");
}

/** The hash an event must carry. */
export function hashEvent(e: ConsentEventInput & { seq: number; prevHash: string }, hasher: Hasher): string {
  return hasher.sha256Hex(canonicalEvent(e));
}

/** Links a new event after `head` (null for an empty ledger). */
export function chainEvent(input: ConsentEventInput, head: ChainHead | null, hasher: Hasher): ConsentEvent {
  // The fields written out rather than spread: object spread of a whole event was as costly as the hash.
  const e: ConsentEvent = {
    id: input.id,
    subjectId: input.subjectId,
    app: input.app,
    purpose: input.purpose,
    action: input.action,
    kind: input.kind,
    policyVersion: input.policyVersion,
    policyHash: input.policyHash,
    noticeHash: input.noticeHash,
    channel: input.channel,
    at: input.at,
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? GENESIS_HASH,
    hash: "",
  };
  e.hash = hashEvent(e, hasher);
  return e;
}

/** Why verification stopped. */
export type ChainBreak =
  | "sequence_gap" // a position is missing or out of order (deleted or reordered rows)
  | "prev_hash_mismatch" // the event does not point at the event before it
  | "hash_mismatch" // the event's content does not match its own hash (edited)
  | "head_mismatch"; // the ledger ends somewhere other than the recorded head (appended or truncated)

export type ChainVerdict =
  | { ok: true; count: number; head: ChainHead | null }
  | { ok: false; count: number; position: number; seq: number | null; problem: ChainBreak };

/**
 * Verifies events in stored order. `position` is the 1-based ledger position where the chain first
 * breaks: the first event that is not the one that position should hold. `head` (the head record kept
 * beside the ledger) also catches events appended or removed at the end.
 */
export function verifyChain(events: readonly ConsentEvent[], hasher: Hasher, head?: ChainHead | null): ChainVerdict {
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const position = i + 1;
    const broken = (problem: ChainBreak): ChainVerdict => ({ ok: false, count: events.length, position, seq: e.seq, problem });
    if (e.seq !== position) return broken("sequence_gap");
    if (e.prevHash !== prevHash) return broken("prev_hash_mismatch");
    if (hashEvent(e, hasher) !== e.hash) return broken("hash_mismatch");
    prevHash = e.hash;
  }
  const last = events.length > 0 ? events[events.length - 1]! : null;
  if (head !== undefined) {
    const headSeq = head?.seq ?? 0;
    if (headSeq !== (last?.seq ?? 0) || (head?.hash ?? GENESIS_HASH) !== prevHash) {
      // Rows beyond the head were appended behind the ledger's back; rows missing below it were cut off.
      const position = headSeq === events.length ? Math.max(1, headSeq) : Math.min(headSeq, events.length) + 1;
      return { ok: false, count: events.length, position, seq: events[position - 1]?.seq ?? null, problem: "head_mismatch" };
    }
  }
  return { ok: true, count: events.length, head: last ? { seq: last.seq, hash: last.hash } : null };
}
