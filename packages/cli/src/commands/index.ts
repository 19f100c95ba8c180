import type { Command } from "commander";
import { registerAccess } from "./access.js";
import { registerAdmin } from "./admin.js";
import { registerApiKey } from "./apikey.js";
import { registerAudit } from "./audit.js";
import { registerCalendar } from "./calendar.js";
import { registerCatalog } from "./catalog.js";
import { registerConsent } from "./consent.js";
import { registerKeys } from "./keys.js";
import { registerMigrate } from "./migrate.js";
import { registerOutbox } from "./outbox.js";
import { registerProtect } from "./protect.js";
import { registerRequests } from "./requests.js";
import { registerScan } from "./scan.js";
import { registerServe } from "./serve.js";
import { registerSubject } from "./subject.js";
import { registerWorker } from "./worker.js";

/** Every command group of the CLI. */
export function registerCommands(program: Command): void {
  registerServe(program);
  registerMigrate(program);
  registerWorker(program);
  registerAdmin(program);
  registerApiKey(program);
  registerKeys(program);
  registerCalendar(program);
  registerCatalog(program);
  registerConsent(program);
  registerRequests(program);
  registerSubject(program);
  registerAudit(program);
  registerScan(program);
  registerAccess(program);
  registerProtect(program);
  registerOutbox(program);
}
