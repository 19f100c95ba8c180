export { PERMISSIONS, type Permission, ROLES, type Role } from "./auth/permissions.js";
export { type Config, loadConfig } from "./config/config.js";
export { type AppContext, createContext } from "./context.js";
export { createApp } from "./http/app.js";
export { startWorker } from "./jobs/worker.js";
export { createLogger, type Logger, scrubPi } from "./logger.js";
export { type RunningServer, startServer } from "./start.js";
export { type Db, openDb } from "./storage/db.js";
export { migrateToLatest, pendingMigrations } from "./storage/migrate.js";
