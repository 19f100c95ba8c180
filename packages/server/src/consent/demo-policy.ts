import type { AppContext } from "../context.js";
import { consentArea } from "./index.js";

/** The demo app's privacy policy: short, but with every item PIPL Art. 17 and the Shenzhen plan ask for. */
export const DEMO_PRIVACY_POLICY = `示例商城隐私政策

一、我们是谁
示例商城由示例科技有限公司运营（个人信息处理者）。个人信息保护负责人联系方式：privacy@example.cn，电话 400-000-0000。

二、我们收集哪些个人信息、为什么收集
1. 注册与登录：我们收集您的手机号码，用于创建账号和登录（履行合同所必需）。
2. 下单与配送：收货人姓名、收货地址、手机号码，用于完成订单和配送；配送信息委托给物流服务商处理。
3. 支付：银行卡信息由支付服务商处理，我们不保存完整卡号。
4. 实名认证（单独同意）：身份证号码属于敏感个人信息，是核验身份所必要的，一旦泄露可能对您的人身和财产安全产生影响；我们仅在您开通需要实名的服务时取得您的单独同意后收集。不提供不影响购物功能。
5. 个性化推荐（可选）：浏览和购买记录用于向您推荐商品；您可以随时在“设置-隐私”中关闭，关闭后我们提供不针对您个人特征的推荐。
6. 消息推送（可选）：设备标识符（如 OAID）由第三方推送 SDK 处理，详见《第三方SDK清单》。
我们不会收集您的通讯录、通话记录、短信或软件安装列表。

三、保存期限
账号信息在您注销账号后 15 个工作日内删除或匿名化；交易记录依照《电子商务法》保存三年；法律要求保存的，仅作存储和安全保护，不作其他处理。

四、对外提供与跨境传输
我们仅在取得您单独同意后向第三方提供个人信息。为提供海外购服务，您的收货信息需传输至境外合作方，我们将事先告知接收方名称、目的和方式并取得您的单独同意。

五、您的权利
您有权查阅、复制、转移、更正、补充、删除您的个人信息，限制或拒绝处理，撤回同意，要求我们解释个人信息处理规则，以及注销账号。您可以通过 App 内“我的-设置-隐私中心”查阅、复制、更正、删除您的个人信息，撤回同意或注销账号，也可以发送邮件至 privacy@example.cn 提出请求。我们将在 15 个工作日内答复。撤回同意与给予同意同样便捷，撤回不影响撤回前基于同意已进行的处理。

六、未成年人
我们的服务面向成年人。不满十四周岁的儿童须在父母或其他监护人同意后使用，具体见《儿童个人信息保护规则》。

七、安全措施
我们对个人信息采取加密存储、访问控制和去标识化等措施，并定期开展合规审计。

八、投诉与举报
如您认为我们的处理违反法律规定，可向 privacy@example.cn 投诉，也可以向网信、电信、公安及市场监管等部门举报。

九、本政策的变更
本政策发生变更时，我们将通过弹窗等显著方式通知您；重大变更将在生效前再次征求您的同意。`;

/** Publishes the demo app's privacy policy and its SDK list (from the catalog) when it has none. */
export async function seedDemoPolicies(ctx: AppContext, app: string): Promise<boolean> {
  const { policies } = consentArea(ctx);
  if (await policies.find(app, "privacy_policy")) return false;
  const policy = await policies.create({ app, kind: "privacy_policy", title: "示例商城隐私政策" });
  await policies.publish(policy.id, { content: DEMO_PRIVACY_POLICY, changeSummary: "首次发布 / first version" });
  const sdk = await policies.create({ app, kind: "sdk_list", title: "示例商城第三方SDK清单" });
  await policies.publish(sdk.id, { changeSummary: "由数据地图生成 / generated from the catalog" });
  return true;
}
