/**
 * The broadband case for tests and the benchmark: a telecom's customer table in a fresh PostgreSQL
 * schema (mobiles, names, broadband plans), the catalog (app, telemarketing purpose, the CRM store), a
 * published privacy policy, and consent subjects found by mobile (blind index), some withdrawn.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { catalogService } from "../catalog/index.js";
import { consentArea } from "../consent/index.js";
import type { AppContext } from "../context.js";
import { TEST_PG_URL } from "../testing/test-db.js";

export const PLANS = ["宽带100M", "宽带300M", "宽带500M", "千兆宽带1000M"];
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚华建文辉";

/** The customer's mobile: unique, of the 139 segment. */
export function customerMobile(id: number): string {
  return `139${String((id * 7_919) % 100_000_000).padStart(8, "0")}`;
}

/** The customer's name. */
export function customerName(id: number): string {
  return `${SURNAMES[id % SURNAMES.length]}${GIVEN[(id * 7) % GIVEN.length]}${GIVEN[(id * 13) % GIVEN.length]}`;
}

export interface BroadbandCase {
  schema: string;
  storeUrl: string;
  /** Subject id per customer id (customers with a consent subject). */
  subjects: Map<number, string>;
  /** Customer ids whose subject withdrew telemarketing consent. */
  withdrawn: Set<number>;
  drop(): Promise<void>;
}

export interface BroadbandOptions {
  rows: number;
  /** Customers 1..consenting have a subject who consented to telemarketing. */
  consenting: number;
  /** A customer id with id % withdrawEvery === 3 withdrew (0 = none). */
  withdrawEvery: number;
}

/** Creates the operator table (status 'closed' for every 50th customer) and pipguard's side of the case. */
export async function setupBroadband(ctx: AppContext, opts: BroadbandOptions): Promise<BroadbandCase> {
  const schema = `bb_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(
      `create schema ${schema}; create table ${schema}.customers (id int primary key, name text not null, mobile text not null, plan text not null, city text not null, status text not null)`,
    );
    for (let start = 1; start <= opts.rows; start += 2000) {
      const ids = Array.from({ length: Math.min(2000, opts.rows - start + 1) }, (_, i) => start + i);
      await admin.query(`insert into ${schema}.customers select * from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`, [
        ids,
        ids.map(customerName),
        ids.map(customerMobile),
        ids.map((i) => PLANS[i % PLANS.length]),
        ids.map((i) => ["广州", "深圳", "佛山", "东莞"][i % 4]),
        ids.map((i) => (i % 50 === 0 ? "closed" : "active")),
      ]);
    }
    // Statistics, as a table in use has them: without them the planner may sort the whole table for
    // every keyset page, and the benchmark's plain SELECT would measure that.
    await admin.query(`analyze ${schema}.customers`);
  } finally {
    await admin.end();
  }
  const u = new URL(TEST_PG_URL);
  u.searchParams.set("schema", schema);
  const storeUrl = u.toString();

  const cat = catalogService(ctx);
  await cat.setOrganisation({ nameZh: "示例电信有限公司", nameEn: "Example Telecom", contact: "dpo@telecom.example.cn" });
  const system = await cat.createSystem({ key: "telecom", name: "营业系统", kind: "app", appType: null });
  await cat.createPurpose({
    code: "telemarketing",
    nameZh: "电话营销",
    nameEn: "Telemarketing",
    legalBasis: "consent",
    consentKind: "general",
    necessity: "optional",
  });
  await cat.createStore({ key: "crm", systemId: system.id, name: "客户关系管理库", kind: "postgres", connection: storeUrl });
  const area = consentArea(ctx);
  const doc = await area.policies.create({ app: "telecom", kind: "privacy_policy", title: "示例电信隐私政策" });
  await area.policies.publish(doc.id, { content: "第一版\n我们在您同意后通过电话向您推荐宽带升级。\n", changeSummary: "首次发布" });

  // Subjects in bulk (the same encryption and blind index SubjectService uses), consent through the ledger.
  const subjects = new Map<number, string>();
  const now = ctx.clock.now().toISOString();
  for (let start = 1; start <= opts.consenting; start += 500) {
    const ids = Array.from({ length: Math.min(500, opts.consenting - start + 1) }, (_, i) => start + i);
    const subs = ids.map(() => ({ id: ctx.ids.next(), birth_date_ciphertext: null, age_band: "adult", guardian_id: null, created_at: now, updated_at: now }));
    const idents = ids.map((id, i) => ({
      id: ctx.ids.next(),
      subject_id: subs[i]?.id as string,
      type: "mobile",
      value_ciphertext: ctx.keyring.encrypt(customerMobile(id), "subject_identities.mobile"),
      blind_index: ctx.keyring.blindIndex(customerMobile(id), "subject_identities.mobile"),
      created_at: now,
    }));
    await ctx.db.kysely.insertInto("subjects").values(subs).execute();
    await ctx.db.kysely.insertInto("subject_identities").values(idents).execute();
    for (const [i, id] of ids.entries()) subjects.set(id, subs[i]?.id as string);
  }
  const withdrawn = new Set<number>();
  const base = { app: "telecom", purpose: "telemarketing", kind: "general" as const, channel: "app" };
  const all = [...subjects.entries()];
  for (let i = 0; i < all.length; i += 400) {
    await Promise.all(all.slice(i, i + 400).map(([, sid]) => area.consent.record({ ...base, subjectId: sid, action: "grant", policyVersion: 1 })));
  }
  if (opts.withdrawEvery > 0) {
    const out = all.filter(([id]) => id % opts.withdrawEvery === 3);
    for (let i = 0; i < out.length; i += 400)
      await Promise.all(out.slice(i, i + 400).map(([, sid]) => area.consent.record({ ...base, subjectId: sid, action: "withdraw" })));
    for (const [id] of out) withdrawn.add(id);
  }
  return {
    schema,
    storeUrl,
    subjects,
    withdrawn,
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** The broadband view: masked mobile and name, plan and city in clear, active customers only. */
export const BROADBAND_VIEW = {
  name: "broadband-leads",
  store: "crm",
  table: "customers",
  fields: [
    { column: "mobile", mask: "mask" as const, piType: "cn_mobile" as const },
    { column: "name", mask: "mask" as const, piType: "person_name" as const },
    { column: "plan", mask: "none" as const },
    { column: "city", mask: "none" as const },
  ],
  filter: [{ column: "status", op: "eq" as const, value: "active" }],
  subject: { column: "mobile", identity: "mobile" as const },
};
