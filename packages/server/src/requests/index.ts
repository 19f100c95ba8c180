/** The rights-request area: intake and codes, the staff workflow, deadlines and the outbox. */
export { connectorSubjectPort } from "./connector-port.js";
export { configureSubjectDataFromDir } from "./datasets-dir.js";
export { sweepDeadlines } from "./deadline-sweep.js";
export { buildExportPackage, PORTABILITY_FORMAT } from "./export-package.js";
export { downloadExport, EXPORT_TTL_DAYS } from "./exports.js";
export { CODE_MAX_ATTEMPTS, CODE_TTL_MINUTES, type IntakeInput, normaliseContact, resendCode, sendCode, submitRequest, verifyRequest } from "./intake.js";
export { deliverOutbox, enqueueMessage, type NewMessage, OUTBOX_JOB, outboxMessages, setSmsGateway } from "./outbox.js";
export type { RequestFilter } from "./request-repo.js";
export { executeRun, getRun, listRuns, RUN_JOB, type RunMode, type RunStatus, type RunView, startRun } from "./request-runs.js";
export { RequestService, type RunPlan, setSubjectDataPort } from "./request-service.js";
export { consoleSender, type MessageSender, type OutgoingMessage, type SmsGateway, smsSender, smtpSender } from "./senders.js";
export {
  type CorrectionInput,
  type CorrectionOutcome,
  type ErasureOutcome,
  NOT_CONFIGURED_PORT,
  type SubjectDataPort,
  type SubjectIdentity,
  type SubjectRows,
} from "./subject-data-port.js";
export type { Actor } from "./transitions.js";
export type { RequestDetail, RequestEvent, RequestSummary } from "./views.js";
