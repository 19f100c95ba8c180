import type { Principal } from "../auth/permissions.js";
import type { AppContext } from "../context.js";

/** Hono environment of every pipguard route. */
export interface AppEnv {
  Variables: {
    requestId: string;
    ctx: AppContext;
    principal: Principal | undefined;
  };
}
