/**
 * The demo organisation's catalog: the one source of `pipguard serve --demo` and of
 * docs/examples/demo-catalog.yaml (a test keeps the two identical). Names, hosts and connection
 * strings are made up.
 */
export const DEMO_CATALOG_YAML = `# pipguard catalog document — a demo online shop (示例商城).
# Import it with:  pipguard catalog import docs/examples/demo-catalog.yaml
# Keys link the lists: a store names its system, a purpose its fields (storeKey:table.column),
# a recipient its purposes (by code), a retention rule its purpose and/or store.
# Taxonomy ids: GET /api/v1/catalog/taxonomy/pi-categories | legal-bases | app-types
# (or pipguard catalog taxonomy app-types).
version: 1
organisation:
  nameZh: 示例商城科技有限公司
  nameEn: Demo Shop Technology Co., Ltd.
  contact: privacy@demo-shop.example

systems:
  - key: demo-shop-app
    name: 示例商城 App / Demo Shop app
    kind: app
    appType: online_shopping # 网上购物类 (App 39 types, item 6)
  - key: shop-backend
    name: 交易与会员后台 / Orders and CRM back end
    kind: backend

stores:
  - key: orders
    system: shop-backend
    name: 订单库 / Orders database
    kind: sqlite
    # Stored encrypted, never shown again by the API or exported.
    connection: sqlite:./data/demo-orders.db
  - key: crm
    system: shop-backend
    name: 会员 CRM / Member CRM
    kind: postgres
    connection: postgres://crm_reader:demo-only-password@crm.demo-shop.example:5432/crm

fields:
  - { store: crm, table: public.members, column: user_id, category: network_identity, piType: user_id, identityRole: user_id }
  - { store: crm, table: public.members, column: mobile, category: basic, piType: cn_mobile, identityRole: phone }
  - { store: crm, table: public.members, column: email, category: basic, piType: email, identityRole: email }
  - { store: crm, table: public.members, column: real_name, category: basic, piType: person_name }
  - { store: crm, table: public.members, column: id_number, category: identity, piType: cn_resident_id, sensitive: true, identityRole: id_number }
  - { store: crm, table: public.members, column: birth_date, category: basic, piType: birth_date }
  - { store: crm, table: public.devices, column: device_id, category: device, piType: device_id, identityRole: device_id }
  - { store: crm, table: public.item_views, column: viewed_items, category: online_activity, piType: app_usage }
  - { store: orders, table: orders, column: user_id, category: network_identity, piType: user_id, identityRole: user_id }
  - { store: orders, table: orders, column: consignee_name, category: basic, piType: person_name }
  - { store: orders, table: orders, column: consignee_phone, category: basic, piType: cn_mobile }
  - { store: orders, table: orders, column: shipping_address, category: basic, piType: cn_address }
  - { store: orders, table: orders, column: items_and_amount, category: property, piType: order_history, sensitive: true }
  - { store: orders, table: payments, column: bank_card_no, category: property, piType: bank_card, sensitive: true }

purposes:
  - code: account
    nameZh: 账号注册与登录
    nameEn: Account registration and sign-in
    legalBasis: contract_or_hr # PIPL Art. 13(2): needed to perform the user agreement
    necessity: necessary
    consentKind: none
    fields: [crm:public.members.user_id, crm:public.members.mobile]
  - code: order_fulfilment
    nameZh: 下单、支付与配送
    nameEn: Ordering, payment and delivery
    description: 网上购物类的基本功能服务 / the basic function of an online-shopping app
    legalBasis: contract_or_hr
    necessity: necessary
    consentKind: none
    fields:
      - orders:orders.user_id
      - orders:orders.consignee_name
      - orders:orders.consignee_phone
      - orders:orders.shipping_address
      - orders:orders.items_and_amount
      - orders:payments.bank_card_no
  - code: real_name_verification
    nameZh: 跨境商品实名认证
    nameEn: Real-name verification for cross-border goods
    legalBasis: consent
    necessity: optional
    consentKind: separate # sensitive PI (ID number): 单独同意, PIPL Art. 29
    fields: [crm:public.members.real_name, crm:public.members.id_number]
  - code: personalised_recommendation
    nameZh: 个性化推荐
    nameEn: Personalised recommendations
    description: 基于浏览记录推荐商品，并提供不针对个人特征的选项 / recommends goods from item views; a non-targeted option is offered (PIPL Art. 24)
    legalBasis: consent
    necessity: optional
    consentKind: separate # shared with an overseas recipient: PIPL Art. 39
    automatedDecision: true
    fields: [crm:public.devices.device_id, crm:public.item_views.viewed_items, crm:public.members.birth_date]
  - code: push_notifications
    nameZh: 订单与活动消息推送
    nameEn: Order and campaign push notifications
    legalBasis: consent
    necessity: optional
    consentKind: separate # the push SDK is a third party: PIPL Art. 23
    fields: [crm:public.devices.device_id, crm:public.members.user_id]
  - code: marketing_email
    nameZh: 营销邮件
    nameEn: Marketing e-mails
    legalBasis: consent
    necessity: optional
    consentKind: general
    fields: [crm:public.members.email]

recipients:
  - key: logistics
    name: 示例快递有限公司 / Demo Express Co., Ltd.
    kind: entrusted_processor # 受托人, PIPL Art. 21
    country: CN
    contact: dpo@demo-express.example
    purposes: [order_fulfilment]
    piCategories: [basic]
  - key: payment-provider
    name: 示例支付 / DemoPay
    kind: third_party
    country: CN
    purposes: [order_fulfilment]
    piCategories: [property, network_identity]
  - key: push-sdk
    name: 示例推送 SDK / Demo Push SDK
    kind: sdk
    country: CN
    purposes: [push_notifications]
    piCategories: [device, network_identity]
  - key: overseas-analytics
    name: Overseas Insights Pte. Ltd. (demo)
    kind: third_party
    country: SG # outside the mainland: cross-border transfer, PIPL Art. 38–39
    purposes: [personalised_recommendation]
    piCategories: [device, online_activity]

retentionRules:
  - key: account-closure
    purpose: account
    period: P15D
    trigger: account_closed
    action: delete
  - key: order-records
    purpose: order_fulfilment
    store: orders
    period: P3Y
    trigger: transaction_completed
    action: delete
    legalReference: 《中华人民共和国电子商务法》第三十一条
  - key: verification-data
    purpose: real_name_verification
    period: P30D
    trigger: purpose_fulfilled
    action: delete
  - key: recommendation-events
    purpose: personalised_recommendation
    period: P6M
    trigger: collection
    action: anonymise
  - key: push-tokens
    purpose: push_notifications
    period: P1Y
    trigger: last_activity
    action: delete
  - key: marketing-list
    purpose: marketing_email
    period: P2Y
    trigger: last_activity
    action: delete
`;
