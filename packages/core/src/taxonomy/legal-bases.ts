/**
 * The seven legal bases of processing (处理的合法性基础) of PIPL Art. 13 para. 1 (1)–(7). Built from
 * shared/reference/pipl-key-articles.json; `id` is pipguard's own stable slug.
 */

/** Where these facts come from and how far they were checked. */
export const LEGAL_BASES_SOURCE = {
  source:
    "中华人民共和国个人信息保护法 (Personal Information Protection Law of the PRC), adopted 2021-08-20, effective 2021-11-01, Art. 13. Text from LawRefBook/Laws repo, file 行政法/个人信息保护法(2021-08-20).md (public-domain statute text).",
  verification: "Statute text as published; the English names are pipguard's summaries, not an official translation.",
} as const;

/** One legal basis of PIPL Art. 13. */
export interface LegalBasis {
  readonly id: LegalBasisId;
  /** The item of Art. 13 para. 1, 1–7. */
  readonly item: number;
  /** e.g. "PIPL Art. 13(1)" / "《个人信息保护法》第十三条第一款第（一）项" */
  readonly article: string;
  readonly articleZh: string;
  readonly zh: string;
  readonly en: string;
  /** Art. 13 para. 2: only item (1) needs the individual's consent; items (2)–(7) do not. */
  readonly requiresConsent: boolean;
  readonly verified: boolean;
}

export const LEGAL_BASIS_IDS = [
  "consent",
  "contract_or_hr",
  "legal_duty",
  "public_health_emergency",
  "news_public_interest",
  "already_public",
  "other_law",
] as const;
export type LegalBasisId = (typeof LEGAL_BASIS_IDS)[number];

const ITEM_ZH = ["一", "二", "三", "四", "五", "六", "七"] as const;

function basis(item: number, id: LegalBasisId, zh: string, en: string): LegalBasis {
  return {
    id,
    item,
    article: `PIPL Art. 13(${item})`,
    articleZh: `《个人信息保护法》第十三条第一款第（${ITEM_ZH[item - 1]}）项`,
    zh,
    en,
    requiresConsent: item === 1,
    verified: true,
  };
}

export const LEGAL_BASES: readonly LegalBasis[] = [
  basis(1, "consent", "取得个人的同意", "The individual's consent"),
  basis(
    2,
    "contract_or_hr",
    "为订立、履行个人作为一方当事人的合同所必需，或者按照依法制定的劳动规章制度和依法签订的集体合同实施人力资源管理所必需",
    "Necessary to conclude or perform a contract to which the individual is a party, or for human-resources management under lawful labour rules and collective contracts",
  ),
  basis(3, "legal_duty", "为履行法定职责或者法定义务所必需", "Necessary to fulfil statutory duties or obligations"),
  basis(
    4,
    "public_health_emergency",
    "为应对突发公共卫生事件，或者紧急情况下为保护自然人的生命健康和财产安全所必需",
    "Necessary to respond to a public-health emergency, or to protect a natural person's life, health or property in an emergency",
  ),
  basis(
    5,
    "news_public_interest",
    "为公共利益实施新闻报道、舆论监督等行为，在合理的范围内处理个人信息",
    "News reporting, public-opinion supervision and similar acts in the public interest, within a reasonable scope",
  ),
  basis(
    6,
    "already_public",
    "依照本法规定在合理的范围内处理个人自行公开或者其他已经合法公开的个人信息",
    "PI the individual disclosed or that was otherwise lawfully disclosed, processed within a reasonable scope under this Law",
  ),
  basis(7, "other_law", "法律、行政法规规定的其他情形", "Other cases provided by laws and administrative regulations"),
];

const BY_ID = new Map<string, LegalBasis>(LEGAL_BASES.map((b) => [b.id, b]));

/** The legal basis with this id, or undefined. */
export function findLegalBasis(id: string): LegalBasis | undefined {
  return BY_ID.get(id);
}

/** True when `id` names one of the seven legal bases. */
export function isLegalBasisId(id: string): id is LegalBasisId {
  return BY_ID.has(id);
}
