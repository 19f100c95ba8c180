import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { SubjectDataset } from "@pipguard/core";
import { readDatasetFile } from "../connectors/dataset-file.js";
import type { AppContext } from "../context.js";
import { connectorSubjectPort } from "./connector-port.js";
import { setSubjectDataPort } from "./request-service.js";

/**
 * Plugs the connectors into rights requests for a running server: every `<data dir>/datasets/<store
 * key>.yaml` (the same convention the CLI uses) names how to find and erase a subject in that
 * catalog data store. A file that does not parse stops start-up with its name, not a later request.
 */
export function configureSubjectDataFromDir(ctx: AppContext): string[] {
  const dir = join(ctx.config.dataDir, "datasets");
  const datasets: Record<string, SubjectDataset> = {};
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      const m = /^(.+)\.ya?ml$/.exec(name);
      if (m?.[1]) datasets[m[1]] = readDatasetFile(join(dir, name));
    }
  }
  setSubjectDataPort(ctx, connectorSubjectPort(ctx, datasets));
  return Object.keys(datasets);
}
