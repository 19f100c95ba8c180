/** The connectors: the only code that touches an operator's databases and files (DESIGN.md). */
export {
  defaultDatasetPath,
  eraseSubjectInStore,
  findSubjectInStore,
  type OpenedStore,
  openCatalogStore,
  type StoreSubjectInput,
} from "./catalog-store.js";
export { loadDataset, readDatasetFile } from "./dataset-file.js";
export { openConnector } from "./open.js";
export { openStoreConnector, withProtectedColumns } from "./protected-reads.js";
export { type EraseOptions, type ErasureReport, eraseSubject, findSubject, type SubjectFindResult, type SubjectQuery } from "./subject.js";
export type { Connector, ConnectorTx, ReadResult, RowFilter } from "./types.js";
