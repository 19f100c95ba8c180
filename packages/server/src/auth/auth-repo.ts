import type { Db } from "../storage/db.js";
import type { Permission, Role } from "./permissions.js";
import { isPermission, isRole } from "./permissions.js";

/** An admin console user (staff, not a data subject). */
export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Permission[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type UserRow = { id: string; username: string; display_name: string; role: string; disabled: number; created_at: string; updated_at: string };
type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

function toUser(r: UserRow): AdminUser {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: isRole(r.role) ? r.role : "auditor",
    disabled: Boolean(r.disabled),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toKey(r: KeyRow): ApiKey {
  const scopes = (JSON.parse(r.scopes) as string[]).filter(isPermission);
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

const USER_COLS = ["id", "username", "display_name", "role", "disabled", "created_at", "updated_at"] as const;
const KEY_COLS = ["id", "name", "prefix", "scopes", "created_by", "created_at", "last_used_at", "revoked_at"] as const;

/** Admin users, sessions, API keys and setup tokens. */
export class AuthRepo {
  constructor(private readonly db: Db) {}

  async countUsers(): Promise<number> {
    const r = await this.db.kysely
      .selectFrom("admin_users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertUser(u: AdminUser & { passwordHash: string }): Promise<void> {
    await this.db.kysely
      .insertInto("admin_users")
      .values({
        id: u.id,
        username: u.username,
        display_name: u.displayName,
        password_hash: u.passwordHash,
        role: u.role,
        disabled: u.disabled ? 1 : 0,
        created_at: u.createdAt,
        updated_at: u.updatedAt,
      })
      .execute();
  }

  async findUserByUsername(username: string): Promise<(AdminUser & { passwordHash: string }) | undefined> {
    const r = await this.db.kysely
      .selectFrom("admin_users")
      .select([...USER_COLS, "password_hash"])
      .where("username", "=", username)
      .executeTakeFirst();
    return r ? { ...toUser(r), passwordHash: r.password_hash } : undefined;
  }

  async findUser(id: string): Promise<AdminUser | undefined> {
    const r = await this.db.kysely.selectFrom("admin_users").select(USER_COLS).where("id", "=", id).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async listUsers(): Promise<AdminUser[]> {
    const rows = await this.db.kysely.selectFrom("admin_users").select(USER_COLS).orderBy("username").execute();
    return rows.map(toUser);
  }

  async updateUser(id: string, patch: { role?: Role; disabled?: boolean; displayName?: string; passwordHash?: string; updatedAt: string }): Promise<void> {
    await this.db.kysely
      .updateTable("admin_users")
      .set({
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
        updated_at: patch.updatedAt,
      })
      .where("id", "=", id)
      .execute();
    if (patch.disabled || patch.passwordHash) await this.deleteSessionsOf(id);
  }

  async insertSession(s: { id: string; tokenHash: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string }): Promise<void> {
    await this.db.kysely
      .insertInto("admin_sessions")
      .values({
        id: s.id,
        token_hash: s.tokenHash,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        last_seen_at: s.createdAt,
      })
      .execute();
  }

  /** The live session for a token hash with its user, or undefined when expired, unknown or disabled. */
  async findSession(tokenHash: string, nowIso: string) {
    const r = await this.db.kysely
      .selectFrom("admin_sessions as s")
      .innerJoin("admin_users as u", "u.id", "s.user_id")
      .select(["s.id as session_id", "s.csrf_token", "s.expires_at", "u.id", "u.username", "u.role", "u.disabled"])
      .where("s.token_hash", "=", tokenHash)
      .executeTakeFirst();
    if (!r || r.expires_at <= nowIso || r.disabled) return undefined;
    if (!isRole(r.role)) return undefined;
    return { sessionId: r.session_id, csrfToken: r.csrf_token, userId: r.id, username: r.username, role: r.role };
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.kysely.deleteFrom("admin_sessions").where("id", "=", id).execute();
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.kysely.deleteFrom("admin_sessions").where("user_id", "=", userId).execute();
  }

  async deleteExpiredSessions(nowIso: string): Promise<number> {
    const r = await this.db.kysely.deleteFrom("admin_sessions").where("expires_at", "<=", nowIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async insertApiKey(k: ApiKey & { secretHash: string }): Promise<void> {
    await this.db.kysely
      .insertInto("api_keys")
      .values({
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        secret_hash: k.secretHash,
        scopes: JSON.stringify(k.scopes),
        created_by: k.createdBy,
        created_at: k.createdAt,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
  }

  async findApiKeyByPrefix(prefix: string): Promise<(ApiKey & { secretHash: string }) | undefined> {
    const r = await this.db.kysely
      .selectFrom("api_keys")
      .select([...KEY_COLS, "secret_hash"])
      .where("prefix", "=", prefix)
      .executeTakeFirst();
    return r ? { ...toKey(r), secretHash: r.secret_hash } : undefined;
  }

  async listApiKeys(): Promise<ApiKey[]> {
    const rows = await this.db.kysely.selectFrom("api_keys").select(KEY_COLS).orderBy("created_at", "desc").execute();
    return rows.map(toKey);
  }

  async findApiKey(id: string): Promise<ApiKey | undefined> {
    const r = await this.db.kysely.selectFrom("api_keys").select(KEY_COLS).where("id", "=", id).executeTakeFirst();
    return r ? toKey(r) : undefined;
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    await this.db.kysely.updateTable("api_keys").set({ last_used_at: at }).where("id", "=", id).execute();
  }

  async replaceSetupToken(t: { id: string; tokenHash: string; createdAt: string }): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.deleteFrom("setup_tokens").where("used_at", "is", null).execute();
      await trx.insertInto("setup_tokens").values({ id: t.id, token_hash: t.tokenHash, created_at: t.createdAt, used_at: null }).execute();
    });
  }

  /** Marks the unused token with this hash used; true when one was. */
  async consumeSetupToken(tokenHash: string, at: string): Promise<boolean> {
    const r = await this.db.kysely
      .updateTable("setup_tokens")
      .set({ used_at: at })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
