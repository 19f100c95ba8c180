import type { Clock, IdGenerator } from "@pipguard/core";
import { DomainError } from "@pipguard/core";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "../crypto/passwords.js";
import { hashToken, randomToken, safeEqual } from "../crypto/tokens.js";
import type { ChangeFeed } from "../storage/change-feed.js";
import type { Db } from "../storage/db.js";
import { type AdminUser, type ApiKey, AuthRepo } from "./auth-repo.js";
import { type Permission, type Principal, ROLE_PERMISSIONS, type Role } from "./permissions.js";

export const SESSION_COOKIE = "pipguard_session";
const API_KEY_RE = /^pgk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const LOGIN_WINDOW_MS = 15 * 60_000;
const LOGIN_MAX_FAILURES = 10;
const TOUCH_EVERY_MS = 60_000;
const KEY_CACHE_MS = 60_000;

/** Admin accounts, sessions and API keys: the use cases behind the auth routes and the CLI. */
export class AuthService {
  readonly repo: AuthRepo;
  private readonly failures = new Map<string, number[]>();
  private readonly touched = new Map<string, number>();

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly sessionHours: number,
    private readonly changes?: ChangeFeed,
  ) {
    this.repo = new AuthRepo(db);
    this.db = db;
    changes?.on("auth", () => this.verifiedKeys.clear());
  }
  private readonly db: Db;
  // Verified API keys, trusted only while the change feed is live (a revocation anywhere clears it).
  private readonly verifiedKeys = new Map<string, { principal: Principal; until: number }>();

  /** Creates an admin user (CLI `pipguard admin create`, the setup route, or an admin). */
  async createUser(input: { username: string; password: string; role: Role; displayName?: string }): Promise<AdminUser> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_RE.test(username)) throw new DomainError("VALIDATION_FAILED", "username: 3–64 characters of a–z, 0–9, . _ -");
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new DomainError("VALIDATION_FAILED", `password: at least ${MIN_PASSWORD_LENGTH} characters`);
    if (await this.repo.findUserByUsername(username)) throw new DomainError("ALREADY_EXISTS", "a user with this username exists");
    const now = this.clock.now().toISOString();
    const user: AdminUser = {
      id: this.ids.next(),
      username,
      displayName: input.displayName ?? username,
      role: input.role,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    await this.repo.insertUser({ ...user, passwordHash: await hashPassword(input.password) });
    return user;
  }

  /** Changes a user's role, name, password or disabled flag; disabling or a new password ends their sessions. */
  async updateUser(id: string, patch: { role?: Role; disabled?: boolean; displayName?: string; password?: string }): Promise<AdminUser> {
    if (!(await this.repo.findUser(id))) throw new DomainError("NOT_FOUND", "no such user");
    if (patch.password !== undefined && patch.password.length < MIN_PASSWORD_LENGTH) {
      throw new DomainError("VALIDATION_FAILED", `password: at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    await this.repo.updateUser(id, {
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
      ...(patch.password !== undefined ? { passwordHash: await hashPassword(patch.password) } : {}),
      updatedAt: this.clock.now().toISOString(),
    });
    return (await this.repo.findUser(id)) as AdminUser;
  }

  /** Checks a password and opens a session; the same error for unknown user and wrong password. */
  async login(input: {
    username: string;
    password: string;
    clientKey: string;
  }): Promise<{ token: string; csrfToken: string; expiresAt: string; user: AdminUser }> {
    const username = input.username.trim().toLowerCase();
    const limiterKey = `${username}|${input.clientKey}`;
    this.checkRate(limiterKey);
    const found = await this.repo.findUserByUsername(username);
    const ok = found ? await verifyPassword(input.password, found.passwordHash) : await verifyPassword(input.password, DUMMY_HASH);
    if (!found || !ok || found.disabled) {
      this.recordFailure(limiterKey);
      throw new DomainError("INVALID_CREDENTIALS", "username or password is wrong");
    }
    this.failures.delete(limiterKey);
    const token = randomToken();
    const csrfToken = randomToken(24);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.sessionHours * 3_600_000).toISOString();
    await this.repo.insertSession({ id: this.ids.next(), tokenHash: hashToken(token), userId: found.id, csrfToken, createdAt: now.toISOString(), expiresAt });
    const { passwordHash: _, ...user } = found;
    return { token, csrfToken, expiresAt, user };
  }

  /** The principal behind a session cookie, if the session is live. */
  async principalFromSession(token: string): Promise<Principal | undefined> {
    const s = await this.repo.findSession(hashToken(token), this.clock.now().toISOString());
    if (!s) return undefined;
    return {
      kind: "user",
      userId: s.userId,
      username: s.username,
      role: s.role,
      permissions: new Set(ROLE_PERMISSIONS[s.role]),
      sessionId: s.sessionId,
      csrfToken: s.csrfToken,
    };
  }

  /** Creates an API key; the secret is returned once and only its hash is kept. */
  async createApiKey(input: { name: string; scopes: Permission[]; createdBy: string | null }): Promise<{ key: ApiKey; secret: string }> {
    if (input.scopes.length === 0) throw new DomainError("VALIDATION_FAILED", "scopes: at least one permission");
    const prefix = randomToken(12)
      .replace(/[^A-Za-z0-9]/g, "")
      .padEnd(12, "0")
      .slice(0, 12);
    const secretPart = randomToken(32);
    const key: ApiKey = {
      id: this.ids.next(),
      name: input.name,
      prefix,
      scopes: [...new Set(input.scopes)],
      createdBy: input.createdBy,
      createdAt: this.clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.repo.insertApiKey({ ...key, secretHash: hashToken(secretPart) });
    return { key, secret: `pgk_${prefix}_${secretPart}` };
  }

  /** The principal behind an API key, if it is well-formed, known, matching and not revoked. */
  async principalFromApiKey(secret: string): Promise<Principal | undefined> {
    const nowMs = this.clock.now().getTime();
    const cached = this.changes?.live ? this.verifiedKeys.get(secret) : undefined;
    if (cached && cached.until > nowMs) return cached.principal;
    const principal = await this.verifyApiKey(secret, nowMs);
    if (principal && this.changes?.live) {
      if (this.verifiedKeys.size >= 10_000) this.verifiedKeys.clear();
      this.verifiedKeys.set(secret, { principal, until: nowMs + KEY_CACHE_MS });
    }
    return principal;
  }

  /** Revokes an API key everywhere: this process at once, others through the change feed. */
  async revokeApiKey(id: string): Promise<void> {
    if (!(await this.repo.findApiKey(id))) throw new DomainError("NOT_FOUND", "no such API key");
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable("api_keys").set({ revoked_at: this.clock.now().toISOString() }).where("id", "=", id).where("revoked_at", "is", null).execute();
      await this.changes?.notify(trx, "auth");
    });
    this.verifiedKeys.clear();
  }

  private async verifyApiKey(secret: string, nowMs: number): Promise<Principal | undefined> {
    const m = API_KEY_RE.exec(secret);
    if (!m?.[1] || !m[2]) return undefined;
    const key = await this.repo.findApiKeyByPrefix(m[1]);
    if (!key || key.revokedAt || !safeEqual(key.secretHash, hashToken(m[2]))) return undefined;
    // last_used_at is informative; write it at most once a minute per key to keep reads cheap.
    if ((this.touched.get(key.id) ?? 0) + TOUCH_EVERY_MS < nowMs) {
      this.touched.set(key.id, nowMs);
      await this.repo.touchApiKey(key.id, new Date(nowMs).toISOString());
    }
    return { kind: "api_key", keyId: key.id, permissions: new Set(key.scopes) };
  }

  /** Issues a new one-time setup token when no admin exists yet; returns it (to print) or undefined. */
  async issueSetupTokenIfNeeded(): Promise<string | undefined> {
    if ((await this.repo.countUsers()) > 0) return undefined;
    const token = randomToken(24);
    await this.repo.replaceSetupToken({ id: this.ids.next(), tokenHash: hashToken(token), createdAt: this.clock.now().toISOString() });
    return token;
  }

  /** Creates the first admin with the setup token printed at first start. */
  async completeSetup(input: { token: string; username: string; password: string; displayName?: string }): Promise<AdminUser> {
    if ((await this.repo.countUsers()) > 0) throw new DomainError("SETUP_ALREADY_DONE", "an admin exists; sign in instead");
    if (!(await this.repo.consumeSetupToken(hashToken(input.token), this.clock.now().toISOString()))) {
      throw new DomainError("SETUP_TOKEN_INVALID", "the setup token is wrong or was used");
    }
    return this.createUser({
      username: input.username,
      password: input.password,
      role: "admin",
      ...(input.displayName ? { displayName: input.displayName } : {}),
    });
  }

  private checkRate(key: string): void {
    const now = this.clock.now().getTime();
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - LOGIN_WINDOW_MS);
    this.failures.set(key, recent);
    if (recent.length >= LOGIN_MAX_FAILURES) throw new DomainError("RATE_LIMITED", "too many failed sign-ins; wait 15 minutes");
  }

  private recordFailure(key: string): void {
    const list = this.failures.get(key) ?? [];
    list.push(this.clock.now().getTime());
    this.failures.set(key, list);
  }
}

// Verifying against a fixed hash when the user is unknown keeps the timing the same.
const DUMMY_HASH = "scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
