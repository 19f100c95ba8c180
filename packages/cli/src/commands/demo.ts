import type { AppContext } from "@pipguard/server";

/** Seeds the demo organisation (an app, purposes, a small catalog) when the database is empty. (Filled in by the catalog work.) */
export async function seedDemo(_ctx: AppContext): Promise<void> {}
