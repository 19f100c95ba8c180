import type { Command } from "commander";
import { registerAdmin } from "./admin.js";
import { registerApiKey } from "./apikey.js";
import { registerCalendar } from "./calendar.js";
import { registerCatalog } from "./catalog.js";
import { registerMigrate } from "./migrate.js";
import { registerServe } from "./serve.js";
import { registerWorker } from "./worker.js";

/** Every command group of the CLI. */
export function registerCommands(program: Command): void {
  registerServe(program);
  registerMigrate(program);
  registerWorker(program);
  registerAdmin(program);
  registerApiKey(program);
  registerCalendar(program);
  registerCatalog(program);
}
