/**
 * `pipguard leak trace FILE`: which grant did a leaked file come from? Reads CSV or JSON (an array of
 * objects or arrays, or JSON lines), ignores headers and column order, and scores every grant by the
 * canary rows it carries and by refs that open under the grant's place (core protect/leak.ts).
 */
import { DomainError, type GrantEvidence, NAME_SOURCE_AT, scoreLeak, type TraceScore } from "@pipguard/core";
import { parseCsv } from "../connectors/csv.js";
import type { AppContext } from "../context.js";
import { listContractors } from "./admin.js";
import { canariesOf } from "./pull.js";
import { openRef } from "./refs.js";

/** Cells of a leaked file, one array per row (header rows are harmless: they match nothing). */
export function leakedRows(text: string, format?: "csv" | "json"): unknown[][] {
  const t = text.replace(/^\uFEFF/, "").trim();
  const fmt = format ?? (t.startsWith("[") || t.startsWith("{") ? "json" : "csv");
  if (fmt === "csv") return parseCsv(t);
  const values = (() => {
    try {
      const v = JSON.parse(t) as unknown;
      return Array.isArray(v)
        ? v
        : typeof v === "object" && v !== null && Array.isArray((v as { items?: unknown }).items)
          ? (v as { items: unknown[] }).items
          : [v];
    } catch {
      try {
        return t
          .split(/\r?\n/)
          .filter(Boolean)
          .map((l) => JSON.parse(l) as unknown);
      } catch {
        throw new DomainError("VALIDATION_FAILED", "the file is neither CSV nor JSON");
      }
    }
  })();
  return values.map((r) => (Array.isArray(r) ? r : typeof r === "object" && r !== null ? Object.values(r) : [r]));
}

export interface TraceResult {
  rows: number;
  /** The grant named as the source, when one reaches the naming confidence. */
  source: (TraceScore & { contractor: string | null }) | null;
  scores: (TraceScore & { contractor: string | null })[];
}

/** Scores every grant against a leaked file. */
export async function traceLeak(ctx: AppContext, text: string, format?: "csv" | "json"): Promise<TraceResult> {
  const rows = leakedRows(text, format);
  if (rows.length === 0) throw new DomainError("VALIDATION_FAILED", "the file has no rows");
  const refs = rows
    .flat()
    .filter((c): c is string => typeof c === "string" && (c.startsWith("r1.") || c.startsWith("pg1:")))
    .slice(0, 50);
  const grants = await ctx.db.kysely.selectFrom("access_grants").select(["id", "contractor_id"]).execute();
  const names = new Map((await listContractors(ctx)).map((c) => [c.id, c.name]));
  const evidence: GrantEvidence[] = [];
  for (const g of grants) {
    const canaries = (await canariesOf(ctx, g.id)).map((cells) => ({ cells }));
    evidence.push({ grantId: g.id, canaries, refHits: refs.filter((r) => openRef(ctx, g.id, r) !== undefined).length });
  }
  const contractorOf = new Map(grants.map((g) => [g.id, names.get(g.contractor_id) ?? null]));
  const scores = scoreLeak(rows, evidence).map((s) => ({ ...s, contractor: contractorOf.get(s.grantId) ?? null }));
  const top = scores[0];
  return { rows: rows.length, source: top && top.confidence >= NAME_SOURCE_AT ? top : null, scores };
}
