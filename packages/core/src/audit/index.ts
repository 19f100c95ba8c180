export { attributeStack, buildSdkIndex, type SdkIndex, sdkForHost } from "./attribution.js";
export { type AuditInput, type AuditReport, auditApp, type CheckStatus } from "./audit.js";
export {
  appKey,
  buildNotice,
  compareInspections,
  NOTICE_COLUMNS,
  type Notice,
  type NoticeRow,
  noticeLabels,
  problemsCell,
  type RectificationItem,
  type RectificationSummary,
  renderNoticeCsv,
  renderNoticeHtml,
} from "./batch.js";
export { IDENTIFICATION_ITEMS, IDENTIFICATION_METHOD_SOURCE, type IdentificationItem } from "./data/identification-method.js";
export { LOW_RELEVANCE_PERMISSIONS, LOW_RELEVANCE_SOURCE } from "./data/low-relevance-permissions.js";
export { KNOWN_PI_APIS } from "./data/pi-apis.js";
export { SDK_SIGNATURES, SDK_SIGNATURES_SOURCE, type SdkCategory, type SdkSignature } from "./data/sdk-signatures.js";
export type { DeclaredSdk } from "./engine.js";
export type { Finding } from "./findings.js";
export { convertCamille } from "./inputs/camille.js";
export { parseCsv, splitList } from "./inputs/csv.js";
export { parseManifestPermissions } from "./inputs/manifest.js";
export { parseSdkList } from "./inputs/sdk-list.js";
export { NECESSITY_JUDGED_TYPES, necessaryPiTypes, resolveAppType } from "./necessity.js";
export { type ParsedTrace, parseTrace } from "./parse-trace.js";
export { extractDisclosure, type PolicyDisclosure, piTypesFromText } from "./policy/extract.js";
export { lintPolicy, POLICY_REQUIREMENTS, type PolicyLintResult, type RequirementResult } from "./policy/lint.js";
export { esc as escapeHtml } from "./render/common.js";
export { renderAuditHtml } from "./render/html.js";
export { renderAuditMarkdown } from "./render/markdown.js";
export { type AuditThresholds, DEFAULT_THRESHOLDS, RULE_IDS, RULES, type RuleId, type RuleMeta, type Severity } from "./rules.js";
export type {
  AnnotationEvent,
  ApiCallEvent,
  Attribution,
  ConsentEvent as TraceConsentEvent,
  IntentEvent,
  LifecycleEvent,
  NetworkEvent,
  Party,
  PermissionEvent,
  PiFound,
  PiTrace,
  TraceApp,
  TraceEvent,
  TraceSession,
  TraceWarning,
  UiEvent,
} from "./trace.js";
export { IMMUTABLE_ID_TYPES, TRACE_PI_TYPES } from "./vocab.js";
