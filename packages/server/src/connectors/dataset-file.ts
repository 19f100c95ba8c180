/** Reads a store's dataset file (YAML or JSON) into a checked SubjectDataset. */
import { readFileSync } from "node:fs";
import { DomainError, parseDataset, type SubjectDataset } from "@pipguard/core";
import { parse } from "yaml";

/** Parses dataset YAML/JSON text; a syntax error becomes VALIDATION_FAILED. */
export function loadDataset(text: string): SubjectDataset {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new DomainError("VALIDATION_FAILED", `dataset is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  return parseDataset(raw);
}

/** Reads and parses a dataset file from disk. */
export function readDatasetFile(path: string): SubjectDataset {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new DomainError("NOT_FOUND", "dataset file not found or unreadable");
  }
  return loadDataset(text);
}
