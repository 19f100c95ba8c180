/** Protection for contractors: views, grants, masked pulls, reveals, the access log, alerts and leak tracing. */

export { type AccessLogInput, accessLogCsv, accessLogCsvHeader, accessLogPages, appendAccess, verifyAccessLog } from "./access-log.js";
export {
  type AccessView,
  type Contractor,
  contractorOfKey,
  createContractor,
  createContractorKey,
  createGrant,
  type Grant,
  type GrantInput,
  getGrant,
  listContractors,
  listGrants,
  listViews,
  saveView,
  setGrantStatus,
  viewByName,
} from "./admin.js";
export { type AccessAlert, ALERT_KINDS, type AlertKind, listAlerts, raiseAlert } from "./alerts.js";
export { leakedRows, type TraceResult, traceLeak } from "./leak-trace.js";
export { type ExportInput, exportView, MAX_EXPORT_ROWS, MAX_PULL_LIMIT, type PullInput, type PullResult, pullView, type ViewExport } from "./pull.js";
export { type RevealInput, revealField } from "./reveal.js";
export { closeViewStores } from "./stores.js";
export { readViewFile } from "./view-file.js";
