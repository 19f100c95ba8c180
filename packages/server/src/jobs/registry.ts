import type { JobHandler } from "./handler.js";
import { BUILTIN_HANDLERS } from "./handlers/index.js";

export type { JobHandler, JobRunContext } from "./handler.js";
export { defineHandler } from "./handler.js";

const handlers = new Map<string, JobHandler>();
const TYPE_NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

/** Adds a job type (built-ins at load; tests add their own); one handler per type. */
export function registerHandler<P>(handler: JobHandler<P>): void {
  if (!TYPE_NAME.test(handler.type)) throw new Error(`job type '${handler.type}' must look like 'area.action'`);
  if (handlers.has(handler.type)) throw new Error(`job type '${handler.type}' is already registered`);
  handlers.set(handler.type, handler as unknown as JobHandler);
}

/** The handler of a job type, if registered. */
export function getHandler(type: string): JobHandler | undefined {
  return handlers.get(type);
}

/** Every registered job type, sorted. */
export function handlerTypes(): string[] {
  return [...handlers.keys()].sort();
}

for (const h of BUILTIN_HANDLERS) registerHandler(h);
