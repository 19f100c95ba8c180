import { eraseSubjectInStore, findSubjectInStore } from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { emit, fail, table } from "../output.js";

interface SubjectOpts {
  store: string;
  email: string;
  dataset?: string;
  json?: boolean;
  dryRun?: boolean;
}

const input = (opts: SubjectOpts) => ({
  store: opts.store,
  subject: { kind: "email", value: opts.email },
  ...(opts.dataset ? { datasetPath: opts.dataset } : {}),
});

/**
 * `pipguard subject find|erase`: one data subject's rows in one catalog store. The dataset file
 * (docs/examples/sakila-dataset.yaml) names the identity columns and the erasure action per table;
 * it is --dataset FILE, or else <PIPGUARD_DATA_DIR>/datasets/<store key>.yaml. Find prints the
 * rows — that is its purpose; nothing is logged.
 */
export function registerSubject(program: Command): void {
  const subject = program.command("subject").description("find or erase one data subject's rows in a catalog data store");
  const common = (c: Command) =>
    c
      .requiredOption("--store <key>", "catalog data store key")
      .requiredOption("--email <address>", "the subject's e-mail address")
      .option("--dataset <file>", "dataset file (YAML) of the store; default <data dir>/datasets/<store>.yaml")
      .option("--json", "machine-readable output");

  common(subject.command("find").description("every row of the subject, per table")).action(async (opts: SubjectOpts) => {
    try {
      const result = await withContext((ctx) => findSubjectInStore(ctx, input(opts)));
      emit(Boolean(opts.json), result, () => {
        const head = table([
          ["table", "reached by", "rows", "partitions"],
          ...result.tables.map((t) => [
            t.table,
            t.reach,
            String(t.rows.length),
            Object.entries(t.partitions ?? {})
              .map(([p, n]) => `${p}:${n}`)
              .join(" "),
          ]),
        ]);
        const rows = result.tables.map((t) => `\n# ${t.table}\n${t.rows.map((r) => JSON.stringify(r)).join("\n")}`);
        return `${head}\n${rows.join("\n")}`;
      });
    } catch (e) {
      fail(e, Boolean(opts.json));
    }
  });

  common(subject.command("erase").description("erase the subject: delete, anonymise or retain (restricted) per the dataset"))
    .option("--dry-run", "show the plan with row counts per table; change nothing")
    .action(async (opts: SubjectOpts) => {
      try {
        const report = await withContext((ctx) => eraseSubjectInStore(ctx, { ...input(opts), dryRun: Boolean(opts.dryRun) }));
        emit(Boolean(opts.json), report, () => {
          const changed = new Map(report.changed.map((c) => [c.table, c]));
          const rows = report.tables.map((t) => [
            t.table,
            String(t.rows),
            t.action,
            t.columns.join(","),
            t.legalBasis ?? "",
            report.dryRun ? "" : `${changed.get(t.table)?.updated ?? 0} updated, ${changed.get(t.table)?.deleted ?? 0} deleted`,
          ]);
          const title = report.dryRun ? "dry run — nothing changed" : report.tables.length === 0 ? "nothing found — nothing changed" : "erased";
          return `${title}\n${table([["table", "rows", "action", "columns", "legal basis", "result"], ...rows])}`;
        });
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
}
