export { type ChainBreak, type ChainHead, type ChainVerdict, canonicalEvent, chainEvent, GENESIS_HASH, hashEvent, verifyChain } from "./chain.js";
export {
  BUILTIN_PERSONALISED_RECOMMENDATION,
  type CompiledPurpose,
  compilePurpose,
  DECISION_REASONS,
  type DecideInput,
  type Decision,
  type DecisionReason,
  decide,
  PERSONALISED_RECOMMENDATION,
  type PolicyFacts,
  type PurposeInfo,
  type SubjectFacts,
} from "./decide.js";
export {
  type AskAnswer,
  type AskReason,
  DEFAULT_REPROMPT_HOURS,
  MIN_PERMISSION_REPROMPT_HOURS,
  repromptHours,
  type ShouldAskInput,
  shouldAsk,
} from "./governor.js";
export { type DiffLine, lineDiff } from "./line-diff.js";
export { applyEvent, type ConsentState, projectStates, stateKey } from "./state.js";
export { AGE_BANDS, type AgeBand, dayNumber, isUnder14, under14Until } from "./subject.js";
export * from "./types.js";
