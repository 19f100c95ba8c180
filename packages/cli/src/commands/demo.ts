import type { AppContext } from "@pipguard/server";
import { seedDemoCatalog, seedDemoPolicies, seedDemoSubjects } from "@pipguard/server";

/**
 * Seeds the demo organisation when the catalog is empty: the 示例商城 / Demo Shop app (网上购物类),
 * its back end, two data stores, fields, purposes, recipients and retention rules — the same document
 * as docs/examples/demo-catalog.yaml, loaded through the ordinary import — and publishes the app's
 * privacy policy and SDK list, and two made-up people for the privacy center.
 */
export async function seedDemo(ctx: AppContext): Promise<void> {
  const seeded = await seedDemoCatalog(ctx);
  ctx.logger.info({ subsystem: "demo", seeded }, seeded ? "demo organisation loaded into the catalog" : "catalog not empty: demo seed skipped");
  // The demo app's privacy policy and SDK list, at /p/demo-shop-app/privacy and /p/demo-shop-app/sdk.
  if (seeded) await seedDemoPolicies(ctx, "demo-shop-app");
  // Two made-up people for the privacy center (/privacy-center/demo-shop-app): a mobile, and a guardian's
  // e-mail with a child under 14. Their sign-in codes stay in the outbox: `pipguard outbox list`.
  if (seeded) await seedDemoSubjects(ctx);
}
