/**
 * Consent events (同意记录) as the ledger stores them: who decided what about which purpose, under
 * which version of the privacy policy (个人信息处理规则, PIPL Art. 17) and after which notice text.
 */

/** grant (同意), refuse (拒绝), withdraw (撤回同意, PIPL Art. 15). */
export const CONSENT_ACTIONS = ["grant", "refuse", "withdraw"] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/**
 * The consent an event expresses: general (同意, Art. 14), separate (单独同意, Art. 23/25/29/39),
 * guardian (监护人同意, Art. 31) — given by a parent for a child under 14.
 */
export const CONSENT_EVENT_KINDS = ["general", "separate", "guardian"] as const;
export type ConsentEventKind = (typeof CONSENT_EVENT_KINDS)[number];

/** What a caller records; the ledger adds the sequence number and the hash chain. */
export interface ConsentEventInput {
  id: string;
  subjectId: string;
  /** The app (a catalog system key) the consent was collected in. */
  app: string;
  /** A purpose code from the catalog. */
  purpose: string;
  action: ConsentAction;
  kind: ConsentEventKind;
  /** The privacy-policy version shown, and the SHA-256 of its content. */
  policyVersion: number;
  policyHash: string;
  /** SHA-256 of the notice text the subject saw (the pop-up or consent screen). */
  noticeHash: string;
  /** Where it was collected: app, web, widget, cli, api … */
  channel: string;
  /** ISO-8601 UTC. */
  at: string;
}

/** A recorded event: its position in the ledger and its link to the previous event. */
export interface ConsentEvent extends ConsentEventInput {
  seq: number;
  prevHash: string;
  hash: string;
}
