/**
 * Revealing one field of one row in clear: the contractor must write why (PIPL Art. 21: the
 * controller supervises the entrusted processing), consent is checked again, and the reveal is logged
 * with its justification, counting as one row against the grant's daily quota. Revealing a canary
 * raises an alert: no real customer sits behind it.
 */
import { assertJustification, canaryRow, DomainError, type FilterCondition, findViewField } from "@pipguard/core";
import type { AppContext } from "../context.js";
import { appendAccess } from "./access-log.js";
import { viewByName } from "./admin.js";
import { raiseAlert } from "./alerts.js";
import { addUsage, assertDailyQuota, checkGrant, consentFilter, grantFor, grantMac } from "./pull.js";
import { openRef } from "./refs.js";
import { viewTable } from "./stores.js";

export interface RevealInput {
  contractorId: string;
  view: string;
  grantId?: string;
  ref: string;
  field: string;
  justification: string | undefined;
}

/** The clear value of one field of one row the contractor received. */
export async function revealField(ctx: AppContext, input: RevealInput): Promise<{ ref: string; field: string; value: string | number | boolean | null }> {
  const v = await viewByName(ctx, input.view);
  const view = v.spec;
  const g = await grantFor(ctx, input.contractorId, v, input.grantId);
  await checkGrant(ctx, g);
  const justification = assertJustification(input.justification);
  // A reveal is a row read in clear: it counts against the daily quota like a pulled row.
  const day = await assertDailyQuota(ctx, g, 1);
  const field = findViewField(view, input.field);
  if (!field) throw new DomainError("VALIDATION_FAILED", "field: not a field of this view", { field: "field" });
  const ref = openRef(ctx, g.id, input.ref);
  if (!ref) throw new DomainError("NOT_FOUND", "no row with this ref in your grant");
  const { conn, keyColumns } = await viewTable(ctx, view);
  const keyValues = "k" in ref ? ref.k : (JSON.parse(ref.c) as (string | number | null)[]);
  const where: FilterCondition[] = [...view.filter, ...keyColumns.map((c, i) => ({ column: c, op: "eq" as const, value: keyValues[i] ?? undefined }))];
  const row = (
    await conn.scan(view.table, {
      columns: [...new Set([field.column, view.subject.column, ...view.fields.map((f) => f.column)])],
      where,
      keyColumns,
      after: null,
      limit: 1,
    })
  )[0];
  if (!row) throw new DomainError("NOT_FOUND", "the row is no longer in the view");
  let value = row[field.column] ?? null;
  let subjectIds: string[] = [];
  if ("c" in ref) {
    value = canaryRow(view, grantMac(ctx, g.id), ref.c, row)[field.column] ?? null;
    await raiseAlert(ctx, { id: g.id, contractorId: g.contractorId, purpose: g.purpose, autoSuspend: g.autoSuspend }, "canary_revealed", {
      field: input.field,
    });
  } else {
    // Consent may have been withdrawn since the pull (PIPL Art. 15): check it again.
    const subjectValue = row[view.subject.column] ?? null;
    const sid = (await (await consentFilter(ctx, view, g.purpose))([subjectValue]))[0];
    if (sid === undefined) throw new DomainError("NOT_FOUND", "the row is no longer in the view");
    subjectIds = sid ? [sid] : [];
  }
  await appendAccess(
    ctx,
    {
      actor: `contractor:${input.contractorId}`,
      action: "reveal",
      grantId: g.id,
      purpose: g.purpose,
      target: `view:${view.name}`,
      subjectIds,
      fields: [input.field],
      rowCount: 1,
      justification,
    },
    (trx) => addUsage(trx, g.id, day, 1),
  );
  return { ref: input.ref, field: input.field, value };
}
