import { createHash, hash } from "node:crypto";
import type { Hasher } from "@pipguard/core";

/** The Hasher port over node:crypto (the one-shot crypto.hash where this Node has it: no Hash object per call). */
export const nodeHasher: Hasher = {
  sha256Hex:
    typeof hash === "function" ? (data: string) => hash("sha256", data, "hex") : (data: string) => createHash("sha256").update(data, "utf8").digest("hex"),
};
