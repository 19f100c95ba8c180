/** @jsxImportSource hono/jsx */
/**
 * Every consent the subject gave, one purpose per box, in plain words. One button per purpose grants
 * or withdraws it (nothing pre-checked; no bundling). Separate consents (单独同意, PIPL Arts. 23, 25, 29,
 * 39) get their own section, ahead of the others.
 */
import type { FC } from "hono/jsx";
import type { ConsentRow } from "../consents.js";
import type { Lang, Messages } from "../messages.js";
import { Csrf, Layout, type PageBase } from "./layout.js";

/** Whom a guardian is acting for, as shown above the lists. */
export interface ActingFor {
  subjectId: string;
  signedIn: string;
  childNo: number | null;
  children: string[];
}

/** The "acting for" switch of a guardian (PIPL Art. 31); nothing when the subject has no children on record. */
export const ActingForNav: FC<{ m: Messages; who: ActingFor; path: string }> = ({ m, who, path }) => {
  if (who.children.length === 0) return null;
  return (
    <nav aria-labelledby="acting-for">
      <h2 id="acting-for">{m.actingFor.heading}</h2>
      <p class="hint">{m.actingFor.note}</p>
      <ul>
        <li>
          <a href={path} aria-current={who.childNo === null ? "page" : undefined}>
            {m.actingFor.self}
          </a>
        </li>
        {who.children.map((id, i) => (
          <li>
            <a href={`${path}?for=${encodeURIComponent(id)}`} aria-current={who.childNo === i + 1 ? "page" : undefined}>
              {m.actingFor.child(i + 1)}
            </a>
          </li>
        ))}
      </ul>
      {who.childNo !== null ? <p class="banner">{m.actingFor.banner(who.childNo)}</p> : null}
    </nav>
  );
};

/** The purpose's description in the page's language when it is written "中文 / English". */
function describe(d: string | null, lang: Lang): string | null {
  if (!d) return null;
  const parts = d.split(" / ");
  if (parts.length !== 2) return d;
  return lang === "en" ? parts[1]! : parts[0]!;
}

const Purpose: FC<{ p: PageBase; r: ConsentRow; csrf: string; forId: string | null }> = ({ p, r, csrf, forId }) => {
  const { m } = p;
  const name = p.lang === "en" ? r.nameEn : r.nameZh;
  const granted = r.state === "grant";
  const state =
    r.state === "grant"
      ? m.consents.state.granted
      : r.state === "withdraw"
        ? m.consents.state.withdrawn
        : r.state === "refuse"
          ? m.consents.state.refused
          : m.consents.state.none;
  const desc = describe(r.description, p.lang);
  const headingId = `p-${r.code}`;
  return (
    <section class="purpose" aria-labelledby={headingId} data-purpose={r.code}>
      <h3 id={headingId}>{name}</h3>
      {desc ? <p>{desc}</p> : null}
      {r.why.length ? <p class="hint">{r.why.map((w) => m.consents.why[w]).join(p.lang === "en" ? "; " : "；")}</p> : null}
      {r.recipients.length ? (
        <p class="hint">
          {m.consents.recipients}
          {r.recipients.join(p.lang === "en" ? ", " : "、")}
        </p>
      ) : null}
      {r.group === "none" ? null : (
        <>
          <p class="state" data-state={r.state ?? "none"}>
            {state}
            {r.at ? m.consents.since(r.at.slice(0, 10)) : ""}
          </p>
          {!granted && r.guardianOnly ? (
            <p class="hint">{m.consents.guardianOnly}</p>
          ) : (
            <form method="post" action={`${p.base}/consents`}>
              <Csrf token={csrf} />
              <input type="hidden" name="purpose" value={r.code} />
              <input type="hidden" name="action" value={granted ? "withdraw" : "grant"} />
              {forId ? <input type="hidden" name="for" value={forId} /> : null}
              <button type="submit" aria-label={granted ? m.consents.withdrawFor(name) : m.consents.grantFor(name)}>
                {granted ? m.consents.withdraw : m.consents.grant}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
};

/** The consents page. */
export const ConsentsPage: FC<{ p: PageBase; csrf: string; rows: ConsentRow[]; who: ActingFor }> = ({ p, csrf, rows, who }) => {
  const { m } = p;
  const forId = who.childNo === null ? null : who.subjectId;
  const separate = rows.filter((r) => r.group === "separate");
  const general = rows.filter((r) => r.group === "general");
  const none = rows.filter((r) => r.group === "none");
  return (
    <Layout p={p} title={m.consents.heading} signedIn={true}>
      <ActingForNav m={m} who={who} path={`${p.base}/consents`} />
      <p>{m.consents.intro}</p>
      {separate.length + general.length === 0 ? <p>{m.consents.none}</p> : null}
      {separate.length ? (
        <section aria-labelledby="separate">
          <h2 id="separate">{m.consents.separateHeading}</h2>
          <p class="hint">{m.consents.separateIntro}</p>
          {separate.map((r) => (
            <Purpose p={p} r={r} csrf={csrf} forId={forId} />
          ))}
        </section>
      ) : null}
      {general.length ? (
        <section aria-labelledby="general">
          <h2 id="general">{m.consents.generalHeading}</h2>
          {general.map((r) => (
            <Purpose p={p} r={r} csrf={csrf} forId={forId} />
          ))}
        </section>
      ) : null}
      {none.length ? (
        <section aria-labelledby="no-consent">
          <h2 id="no-consent">{m.consents.noConsentHeading}</h2>
          <p class="hint">{m.consents.noConsentIntro}</p>
          {none.map((r) => (
            <Purpose p={p} r={r} csrf={csrf} forId={forId} />
          ))}
        </section>
      ) : null}
    </Layout>
  );
};
