import type { AppContext } from "@pipguard/server";
import { seedDemoCatalog, seedDemoPolicies } from "@pipguard/server";

/**
 * Seeds the demo organisation when the catalog is empty: the 示例商城 / Demo Shop app (网上购物类),
 * its back end, two data stores, fields, purposes, recipients and retention rules — the same document
 * as docs/examples/demo-catalog.yaml, loaded through the ordinary import — and publishes the app's
 * privacy policy and SDK list.
 */
export async function seedDemo(ctx: AppContext): Promise<void> {
  const seeded = await seedDemoCatalog(ctx);
  ctx.logger.info({ subsystem: "demo", seeded }, seeded ? "demo organisation loaded into the catalog" : "catalog not empty: demo seed skipped");
  // The demo app's privacy policy and SDK list, at /p/demo-shop-app/privacy and /p/demo-shop-app/sdk.
  if (seeded) await seedDemoPolicies(ctx, "demo-shop-app");
}
