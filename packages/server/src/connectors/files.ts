/**
 * File connector: a directory of CSV (header row) and JSONL files, one table per file, named after
 * the file. Files carry no catalog, so keys are conventional (a column `id` or `<table>_id`) and
 * relations come from the dataset file. Changes are applied in memory and written back through a
 * temp file + rename per file, so a reader never sees a half-written file.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import type { CellValue, Row, SchemaModel } from "@pipguard/core";
import { parseCsv, writeCsv } from "./csv.js";
import type { Connector, ConnectorTx, ReadResult, RowFilter } from "./types.js";

interface FileTable {
  name: string;
  path: string;
  format: "csv" | "jsonl";
  columns: string[];
  rows: Row[];
}

/** Opens a directory (or a single file) of CSV/JSONL tables. */
export function openFiles(connection: string): Connector {
  return new FileConnector(connection.replace(/^file:(\/\/)?/, ""));
}

function load(path: string): FileTable | undefined {
  const ext = extname(path).toLowerCase();
  const name = basename(path, ext);
  const text = readFileSync(path, "utf8");
  if (ext === ".csv") {
    const [header = [], ...body] = parseCsv(text);
    return { name, path, format: "csv", columns: header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))) };
  }
  if (ext === ".jsonl" || ext === ".ndjson") {
    const rows = text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Row);
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    return { name, path, format: "jsonl", columns, rows };
  }
  return undefined;
}

function serialise(t: FileTable): string {
  if (t.format === "jsonl") return t.rows.map((r) => JSON.stringify(r)).join("\n") + (t.rows.length ? "\n" : "");
  return writeCsv([t.columns, ...t.rows.map((r) => t.columns.map((c) => (r[c] === null || r[c] === undefined ? "" : String(r[c]))))]);
}

const same = (a: CellValue | undefined, b: CellValue | undefined) => String(a ?? "") === String(b ?? "");

function matches(row: Row, filter: RowFilter): boolean {
  if (filter.kind === "eq") {
    const v = row[filter.column];
    if (v === null || v === undefined) return false;
    return filter.caseInsensitive ? String(v).toLowerCase() === filter.value.toLowerCase() : String(v) === filter.value;
  }
  return filter.tuples.some((t) => t.every((v, i) => v !== null && same(row[filter.columns[i] as string], v)));
}

class FileConnector implements Connector {
  readonly kind = "file" as const;
  constructor(private readonly root: string) {}

  private paths(): string[] {
    if (!statSync(this.root).isDirectory()) return [this.root];
    return readdirSync(this.root)
      .filter((f) => /\.(csv|jsonl|ndjson)$/i.test(f))
      .sort()
      .map((f) => join(this.root, f));
  }

  private table(name: string): FileTable {
    for (const p of this.paths()) {
      const t = basename(p, extname(p)) === name ? load(p) : undefined;
      if (t) return t;
    }
    throw new Error(`no file for table ${name}`);
  }

  async introspect(): Promise<SchemaModel> {
    const tables = this.paths()
      .map(load)
      .filter((t): t is FileTable => t !== undefined)
      .map((t) => ({
        name: t.name,
        columns: t.columns.map((c) => ({ name: c, type: "text", nullable: true, maxLength: null })),
        primaryKey: t.columns.includes("id") ? ["id"] : t.columns.includes(`${t.name}_id`) ? [`${t.name}_id`] : [],
        partitions: [],
      }));
    return { tables, foreignKeys: [] };
  }

  async select(table: string, filter: RowFilter): Promise<ReadResult> {
    return { rows: this.table(table).rows.filter((r) => matches(r, filter)) };
  }

  async transaction<T>(fn: (tx: ConnectorTx) => Promise<T>): Promise<T> {
    const dirty = new Map<string, FileTable>();
    const get = (name: string) => dirty.get(name) ?? (dirty.set(name, this.table(name)).get(name) as FileTable);
    const tx: ConnectorTx = {
      update: async (table, key, set) => {
        let n = 0;
        for (const r of get(table).rows) {
          if (!Object.entries(key).every(([c, v]) => same(r[c], v))) continue;
          Object.assign(r, set);
          n++;
        }
        return n;
      },
      delete: async (table, keyColumns, keys) => {
        const t = get(table);
        const before = t.rows.length;
        t.rows = t.rows.filter((r) => !matches(r, { kind: "in", columns: keyColumns, tuples: keys.map((k) => keyColumns.map((c) => k[c] ?? null)) }));
        return before - t.rows.length;
      },
    };
    const result = await fn(tx);
    // Nothing touched the files until here; write every temp file first, then rename them all.
    const temps = [...dirty.values()].map((t) => {
      const tmp = join(dirname(t.path), `.${basename(t.path)}.${process.pid}.tmp`);
      writeFileSync(tmp, serialise(t), "utf8");
      return { tmp, path: t.path };
    });
    try {
      for (const t of temps) renameSync(t.tmp, t.path);
    } finally {
      for (const t of temps) rmSync(t.tmp, { force: true });
    }
    return result;
  }

  async close(): Promise<void> {}
}
