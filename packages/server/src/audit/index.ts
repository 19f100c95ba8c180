export { type InspectInput, type Inspection, InspectionService, type InspectionSummary } from "./inspection-service.js";
export { renderNoticeXlsx } from "./notice-xlsx.js";
