import { createHash } from "node:crypto";
import type { Hasher } from "@pipguard/core";

/** The Hasher port over node:crypto. */
export const nodeHasher: Hasher = {
  sha256Hex: (data: string) => createHash("sha256").update(data, "utf8").digest("hex"),
};
