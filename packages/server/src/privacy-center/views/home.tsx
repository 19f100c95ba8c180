/** @jsxImportSource hono/jsx */
/** The privacy center's home: the app's rules (current version and every earlier one) and the way in. */
import type { FC } from "hono/jsx";
import { Layout, type PageBase } from "./layout.js";

/** One published document of the app. */
export interface DocumentLink {
  page: "privacy" | "children" | "sdk";
  title: string | null;
  versions: { version: number; effectiveAt: string }[];
}

/** The home page of one app's privacy center. */
export const HomePage: FC<{ p: PageBase; signedIn: boolean; docs: DocumentLink[] }> = ({ p, signedIn, docs }) => {
  const { m } = p;
  const label = { privacy: m.home.privacy, children: m.home.children, sdk: m.home.sdk };
  const pub = `/p/${encodeURIComponent(p.app)}`;
  return (
    <Layout p={p} title={m.title} signedIn={signedIn}>
      <p>{m.home.intro}</p>
      <h2>{m.home.documents}</h2>
      <ul>
        {docs.map((d) => {
          const current = d.versions[d.versions.length - 1];
          return (
            <li data-doc={d.page}>
              {current ? (
                <>
                  <a href={`${pub}/${d.page}`}>{label[d.page]}</a>
                  {d.title ? <span class="muted"> — {d.title}</span> : null}
                  <br />
                  <span class="muted">{m.home.version(current.version, current.effectiveAt.slice(0, 10))}</span>
                  {d.versions.length > 1 ? (
                    <details>
                      <summary>{m.home.history}</summary>
                      <ul>
                        {d.versions
                          .slice(0, -1)
                          .reverse()
                          .map((v) => (
                            <li>
                              <a href={`${pub}/${d.page}/${v.version}`}>{m.home.version(v.version, v.effectiveAt.slice(0, 10))}</a>
                            </li>
                          ))}
                      </ul>
                    </details>
                  ) : null}
                </>
              ) : (
                <>
                  {label[d.page]} <span class="muted">— {m.home.none}</span>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {signedIn ? (
        <ul>
          <li>
            <a href={`${p.base}/consents`}>{m.nav.consents}</a>
          </li>
          <li>
            <a href={`${p.base}/requests`}>{m.nav.requests}</a>
          </li>
        </ul>
      ) : (
        <p>
          {m.home.signInCta} <a href={`${p.base}/sign-in`}>{m.nav.signIn}</a>
        </p>
      )}
    </Layout>
  );
};

/** A choice of apps when the URL names none. */
export const AppsPage: FC<{ p: PageBase; apps: string[] }> = ({ p, apps }) => (
  <Layout p={p} title={p.m.home.apps} signedIn={false}>
    <ul>
      {apps.map((a) => (
        <li>
          <a href={`/privacy-center/${encodeURIComponent(a)}`}>{a}</a>
        </li>
      ))}
    </ul>
  </Layout>
);

/** A page with only a message (not found, signed out). */
export const MessagePage: FC<{ p: PageBase; title: string; text: string }> = ({ p, title, text }) => (
  <Layout p={p} title={title} signedIn={false}>
    <p>{text}</p>
  </Layout>
);
