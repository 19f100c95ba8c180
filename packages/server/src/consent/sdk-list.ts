/** The third-party SDK list (第三方SDK清单) generated from the catalog's SDK recipients. */
import type { Recipient } from "@pipguard/core";
import type { PurposeView } from "../catalog/rows.js";

/** Renders the SDK list as plain text, one SDK per paragraph. */
export function renderSdkList(recipients: readonly Recipient[], purposes: readonly PurposeView[]): string {
  const byId = new Map(purposes.map((p) => [p.id, p]));
  const sdks = recipients.filter((r) => r.kind === "sdk");
  if (sdks.length === 0) return "本应用未接入第三方SDK。";
  return sdks
    .map((r) => {
      const uses = r.purposeIds.map((id) => byId.get(id)?.nameZh ?? id).join("、") || "—";
      return [
        `SDK名称：${r.name}`,
        `使用目的：${uses}`,
        `个人信息类别：${r.piCategories.join("、") || "—"}`,
        `所在国家或地区：${r.country}`,
        `联系方式：${r.contact ?? "—"}`,
      ].join("\n");
    })
    .join("\n\n");
}
