/**
 * The current consent state per subject × purpose, projected from the ledger: the last event wins,
 * and the time of the last refusal is kept for the prompt governor (GB/T 41391-2022 6.4.4 c).
 */
import type { ConsentAction, ConsentEvent, ConsentEventKind } from "./types.js";

/** Where a subject stands on one purpose. */
export interface ConsentState {
  /** The app the last event came from (its privacy policy decides whether consent is stale). */
  app: string;
  action: ConsentAction;
  kind: ConsentEventKind;
  policyVersion: number;
  /** ISO-8601 time of the last event. */
  at: string;
  eventId: string;
  seq: number;
  /** Epoch ms of the last refusal or withdrawal, or NaN when there was none. */
  lastRefusalMs: number;
}

/** The projection key of a subject and a purpose. */
export function stateKey(subjectId: string, purpose: string): string {
  return subjectId + "\u0000" + purpose;
}

/** The state after `e`, given the state before it (undefined when there was none). */
export function applyEvent(prev: ConsentState | undefined, e: ConsentEvent): ConsentState {
  const refusing = e.action !== "grant";
  return {
    app: e.app,
    action: e.action,
    kind: e.kind,
    policyVersion: e.policyVersion,
    at: e.at,
    eventId: e.id,
    seq: e.seq,
    lastRefusalMs: refusing ? Date.parse(e.at) : (prev?.lastRefusalMs ?? Number.NaN),
  };
}

/** Folds events (in ledger order) into `into`, keyed by stateKey. */
export function projectStates(events: Iterable<ConsentEvent>, into: Map<string, ConsentState> = new Map()): Map<string, ConsentState> {
  for (const e of events) {
    const key = stateKey(e.subjectId, e.purpose);
    into.set(key, applyEvent(into.get(key), e));
  }
  return into;
}
