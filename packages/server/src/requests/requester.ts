/**
 * The requester's own side after verification: a requester token, shown once when the one-time code
 * is confirmed, lets the verified requester see where their request stands and withdraw it (PIPL
 * Art. 50: no barriers; core/requests/workflow.ts lets a requester cancel any open request). Only the
 * token's blind index is stored. A wrong token, or a request that is not theirs, is the same NOT_FOUND.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { DomainError, type RequestType, renderRequesterNotice } from "@pipguard/core";
import type { Kysely } from "kysely";
import type { AppContext } from "../context.js";
import type { Database } from "../storage/schema.js";
import { enqueueMessage } from "./outbox.js";
import { RequestRepo, type RequestRow } from "./request-repo.js";
import { moveRequest } from "./transitions.js";
import { CONTACT_PLACE, toSummary } from "./views.js";

const TOKEN_PLACE = "request_requester_tokens.token";
const REQUESTER = { kind: "requester", id: null } as const;

/** Issues (or re-issues) the requester token of a request inside the verification transaction. */
export async function issueRequesterToken(ctx: AppContext, trx: Kysely<Database>, requestId: string): Promise<string> {
  const token = `prq_${randomBytes(32).toString("base64url")}`;
  const hash = ctx.keyring.blindIndex(token, TOKEN_PLACE);
  const now = ctx.clock.now().toISOString();
  await trx.deleteFrom("request_requester_tokens").where("request_id", "=", requestId).execute();
  await trx.insertInto("request_requester_tokens").values({ request_id: requestId, token_hash: hash, created_at: now }).execute();
  return token;
}

/** What the verified requester sees of their own request: no staff notes, no assignee. */
export interface RequesterView {
  id: string;
  type: RequestType;
  status: string;
  receivedAt: string;
  dueOn: string;
  workingDaysLeft: number;
  refusalReason: string | null;
  closedAt: string | null;
}

async function authorised(ctx: AppContext, requestId: string, token: string | undefined, trx?: Kysely<Database>): Promise<RequestRow> {
  const notFound = new DomainError("NOT_FOUND", "no such request, or the requester token does not match");
  if (!token) throw notFound;
  const db = trx ?? ctx.db.kysely;
  const stored = await db.selectFrom("request_requester_tokens").select("token_hash").where("request_id", "=", requestId).executeTakeFirst();
  const given = Buffer.from(ctx.keyring.blindIndex(token, TOKEN_PLACE));
  if (!stored || stored.token_hash.length !== given.length || !timingSafeEqual(Buffer.from(stored.token_hash), given)) throw notFound;
  const row = await new RequestRepo(ctx.db).find(requestId, db);
  if (!row) throw notFound;
  return row;
}

function view(ctx: AppContext, row: RequestRow): RequesterView {
  const s = toSummary(ctx, row);
  return {
    id: s.id,
    type: s.type,
    status: s.status,
    receivedAt: s.receivedAt,
    dueOn: s.dueOn,
    workingDaysLeft: s.workingDaysLeft,
    refusalReason: s.refusalReason,
    closedAt: s.closedAt,
  };
}

/** The requester's view of their request (status and deadline). */
export async function requesterStatus(ctx: AppContext, requestId: string, token: string | undefined): Promise<RequesterView> {
  return view(ctx, await authorised(ctx, requestId, token));
}

/**
 * Withdraws (cancels) the requester's own open request; they are told by the usual notice. A run
 * already under way stops before its next store (request-runs.ts checks the status per store).
 */
export async function withdrawByRequester(ctx: AppContext, requestId: string, token: string | undefined, reason?: string): Promise<RequesterView> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await authorised(ctx, requestId, token, trx);
    await moveRequest(
      ctx,
      trx,
      row,
      "cancelled",
      REQUESTER,
      reason ? { note: `withdrawn by the requester: ${reason}` } : { note: "withdrawn by the requester" },
    );
    const to = ctx.keyring.decrypt(row.contact_ciphertext, CONTACT_PLACE);
    const msg = renderRequesterNotice({ kind: "cancelled", requestId, type: row.type as RequestType });
    await enqueueMessage(ctx, { requestId, channel: row.channel as "email" | "sms", to, ...msg, dedupeKey: `cancelled:${requestId}` }, trx);
  });
  return requesterStatus(ctx, requestId, token);
}
