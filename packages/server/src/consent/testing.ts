/** A small catalog and published policy for consent tests (app "shop"; purposes of every consent kind). */
import { catalogService } from "../catalog/index.js";
import type { AppContext } from "../context.js";
import { consentArea } from "./index.js";

export interface ConsentFixture {
  policyId: string;
  adult: string;
  child: string;
  guardian: string;
  orphan: string;
}

/** Creates app "shop", purposes newsletter (general), face_login (separate), delivery (contract), kids_club (guardian), a privacy policy v1 and subjects. */
export async function setupConsentFixture(ctx: AppContext): Promise<ConsentFixture> {
  const cat = catalogService(ctx);
  await cat.setOrganisation({ nameZh: "示例科技有限公司", nameEn: "Example Tech", contact: "privacy@example.cn" });
  await cat.createSystem({ key: "shop", name: "示例商城", kind: "app", appType: null });
  const base = { necessity: "optional" as const };
  await cat.createPurpose({ ...base, code: "newsletter", nameZh: "营销推送", nameEn: "Newsletter", legalBasis: "consent", consentKind: "general" });
  await cat.createPurpose({ ...base, code: "face_login", nameZh: "人脸识别登录", nameEn: "Face login", legalBasis: "consent", consentKind: "separate" });
  await cat.createPurpose({ ...base, code: "delivery", nameZh: "配送", nameEn: "Delivery", legalBasis: "contract_or_hr", consentKind: "none" });
  await cat.createPurpose({
    ...base,
    code: "kids_club",
    nameZh: "儿童俱乐部",
    nameEn: "Kids club",
    legalBasis: "consent",
    consentKind: "guardian",
    minorsUnder14: true,
  });
  const area = consentArea(ctx);
  const doc = await area.policies.create({ app: "shop", kind: "privacy_policy", title: "示例商城隐私政策" });
  await area.policies.publish(doc.id, { content: "第一版\n我们收集手机号用于登录。\n", changeSummary: "首次发布" });
  const guardian = await area.subjects.create({ identities: [{ type: "mobile", value: "13800138000" }], ageBand: "adult" });
  const adult = await area.subjects.create({ identities: [{ type: "email", value: "Alice@Example.cn" }], birthDate: "1990-01-01" });
  const child = await area.subjects.create({ identities: [{ type: "app_user_id", value: "kid-42" }], birthDate: "2018-05-01", guardianId: guardian.id });
  const orphan = await area.subjects.create({ ageBand: "under_14" });
  return { policyId: doc.id, adult: adult.id, child: child.id, guardian: guardian.id, orphan: orphan.id };
}
