import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "./config.js";

export interface MasterKeyResult {
  key: Buffer;
  /** Where it came from, for the start-up log (never the key itself). */
  source: "env" | "file" | "generated";
  path?: string;
}

/**
 * The master key that wraps field-encryption data keys. From config when given; otherwise the
 * embedded default reads or creates `<dataDir>/master.key` with mode 0600. Production refuses the
 * fallback (checked in loadConfig).
 */
export function resolveMasterKey(config: Pick<Config, "masterKey" | "dataDir">): MasterKeyResult {
  if (config.masterKey) return { key: Buffer.from(config.masterKey, "base64"), source: "env" };
  const path = join(config.dataDir, "master.key");
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, "utf8").trim(), "base64");
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key`);
    return { key, source: "file", path };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return { key, source: "generated", path };
}
