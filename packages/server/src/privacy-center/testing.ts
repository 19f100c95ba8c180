/** Fixtures for privacy-center tests, the e2e run and the screenshot script: the demo app and a few people. */
import { seedDemoCatalog } from "../catalog/index.js";
import { consentArea, seedDemoPolicies } from "../consent/index.js";
import type { AppContext } from "../context.js";
import { BODY_PLACE } from "../requests/outbox.js";

export const DEMO_APP = "demo-shop-app";
/** Made-up contacts (the 138-0013-8xxx test range and example.cn). */
export const ADULT_MOBILE = "13800138001";
export const GUARDIAN_EMAIL = "parent@example.cn";

export interface CenterFixture {
  adultId: string;
  guardianId: string;
  childId: string;
}

/** Seeds the demo catalog and policies, an adult with a mobile, and a guardian (e-mail) of a child under 14. */
export async function seedCenter(ctx: AppContext): Promise<CenterFixture> {
  await seedDemoCatalog(ctx);
  await seedDemoPolicies(ctx, DEMO_APP);
  const { subjects } = consentArea(ctx);
  const adult = await subjects.create({ identities: [{ type: "mobile", value: ADULT_MOBILE }], ageBand: "adult" });
  const guardian = await subjects.create({ identities: [{ type: "email", value: GUARDIAN_EMAIL }], ageBand: "adult" });
  const child = await subjects.create({ ageBand: "under_14", guardianId: guardian.id });
  return { adultId: adult.id, guardianId: guardian.id, childId: child.id };
}

/** The 6-digit code in the newest outbox message (what a person reads on their phone). */
export async function lastCode(ctx: AppContext): Promise<string> {
  const m = await ctx.db.kysely.selectFrom("outbox_messages").select("body_ciphertext").orderBy("created_at", "desc").orderBy("id", "desc").executeTakeFirst();
  if (!m) throw new Error("no message in the outbox");
  const code = /\b(\d{6})\b/.exec(ctx.keyring.decrypt(m.body_ciphertext, BODY_PLACE))?.[1];
  if (!code) throw new Error("no code in the newest message");
  return code;
}
