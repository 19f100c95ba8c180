import { z } from "zod";
import { purgeExpiredVaults } from "../../detect/vault-repo.js";
import { defineHandler } from "../handler.js";

/**
 * Deletes expired token vaults (a vault maps tokens back to PI and lives one day after its last
 * use): PI kept no longer than the purpose needs (PIPL Art. 19; GB/T 35273-2020 6.1).
 */
export const vaultsPurge = defineHandler({
  type: "detect.vaults-purge",
  description: "delete expired PI token vaults",
  payload: z.strictObject({}),
  maxAttempts: 3,
  async run(_payload, { ctx, logger }) {
    const deleted = await purgeExpiredVaults(ctx);
    logger.info({ deleted }, "expired token vaults deleted");
  },
});
