/** People for the demo's privacy center: made-up identities, documented in docs/privacy-center.md. */
import { consentArea } from "../consent/index.js";
import type { AppContext } from "../context.js";

/** The demo's made-up identities (the 138-0013-8xxx test range and example.cn). */
export const DEMO_PEOPLE = { adultMobile: "13800138000", guardianEmail: "parent@example.cn" } as const;

/** Adds an adult (mobile) and a guardian (e-mail) with a child under 14, unless the adult exists already. */
export async function seedDemoSubjects(ctx: AppContext): Promise<boolean> {
  const { subjects } = consentArea(ctx);
  const exists = await subjects.find("mobile", DEMO_PEOPLE.adultMobile).then(
    () => true,
    () => false,
  );
  if (exists) return false;
  await subjects.create({ identities: [{ type: "mobile", value: DEMO_PEOPLE.adultMobile }], ageBand: "adult" });
  const guardian = await subjects.create({ identities: [{ type: "email", value: DEMO_PEOPLE.guardianEmail }], ageBand: "adult" });
  await subjects.create({ ageBand: "under_14", guardianId: guardian.id });
  return true;
}
