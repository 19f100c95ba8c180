/** Output formats of `pipguard scan`: table, json, jsonl (one finding a line) and SARIF 2.1.0. */
import { DETECTOR_TYPES, detectorTypeInfo, isDetectorType, maskMiddle, maskPiValue } from "@pipguard/core";
import { table } from "../output.js";
import type { ScanRecord } from "./types.js";

export const SCAN_FORMATS = ["table", "json", "jsonl", "sarif"] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

/** The masked form of a value: the type's preset, or the middle masked for a `--pattern` match. */
export function maskValue(type: ScanRecord["type"], value: string): string {
  return isDetectorType(type) ? maskPiValue(type, value) : maskMiddle(value, 2, 2);
}

/** The GB/T 35273 placement of a record's type; a `--pattern` type has none and is not sensitive. */
function typeInfo(type: ScanRecord["type"]): { categoryId: string | null; sensitive: boolean } {
  return isDetectorType(type) ? detectorTypeInfo(type) : { categoryId: null, sensitive: false };
}

/** One JSONL line, keys in the order of the spec. */
export function jsonlLine(r: ScanRecord): string {
  return JSON.stringify({ source: r.source, line: r.line, col: r.col, start: r.start, end: r.end, type: r.type, score: r.score, text: r.text });
}

/** The human table. */
export function tableText(records: readonly ScanRecord[]): string {
  if (records.length === 0) return "no personal information found";
  return table([["SOURCE", "LINE:COL", "TYPE", "SCORE", "TEXT"], ...records.map((r) => [r.source, `${r.line}:${r.col}`, r.type, r.score.toFixed(2), r.text])]);
}

/** SARIF 2.1.0 log: one rule per PI type, one result per finding (the masked text as its snippet). */
export function sarif(records: readonly ScanRecord[]): unknown {
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "pipguard",
            informationUri: "https://github.com/pipguard/pipguard",
            rules: [...DETECTOR_TYPES, ...new Set(records.map((r) => r.type).filter((t) => !isDetectorType(t)))].map((t) => {
              const info = typeInfo(t);
              return {
                id: t,
                shortDescription: { text: `Personal information: ${t}` },
                properties: { category: info.categoryId, sensitive: info.sensitive },
                defaultConfiguration: { level: info.sensitive ? "error" : "warning" },
              };
            }),
          },
        },
        results: records.map((r) => {
          const [uri, field] = r.source.split("#", 2);
          return {
            ruleId: r.type,
            level: typeInfo(r.type).sensitive ? "error" : "warning",
            message: { text: `${r.type} found${field ? ` in ${field}` : ""} (score ${r.score})` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri },
                  region: { startLine: r.line, startColumn: r.col, byteOffset: r.start, byteLength: r.end - r.start, snippet: { text: r.text } },
                },
              },
            ],
            properties: { score: r.score },
          };
        }),
      },
    ],
  };
}
