/** @jsxImportSource hono/jsx */
/**
 * The frame of every privacy-center page: lang attribute, skip link, header with navigation and the
 * language switch, a flash message (role=status / role=alert), and a small inline stylesheet — no
 * script, no external request, WCAG AA colours and a visible focus ring.
 */
import type { Child, FC } from "hono/jsx";
import type { Lang, Messages } from "../messages.js";

/** Facts every page needs. */
export interface PageBase {
  m: Messages;
  lang: Lang;
  app: string;
  /** `/privacy-center/{app}`. */
  base: string;
  /** The current URL with `lang` set to the other language. */
  switchHref: string;
  /** Present when signed in: the sign-out form needs it. */
  csrf?: string | undefined;
  /** `?for=` suffix when a guardian acts for a child. */
  forQuery?: string | undefined;
  ok?: string | undefined;
  error?: string | undefined;
}

export const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#fff}
.wrap{max-width:42rem;margin:0 auto;padding:0 1rem}header{background:#0b3d91;color:#fff;padding:.5rem 0}header a{color:#fff}
.brand{font-weight:700;font-size:1.15rem;margin:.25rem 0}a{color:#0b57d0}nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;padding:0;margin:.25rem 0}
nav form{display:inline}nav button{background:none;border:0;color:#fff;text-decoration:underline;padding:0;min-height:auto}
:focus-visible{outline:3px solid #e37400;outline-offset:2px}.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:.5rem;background:#fff;color:#0b3d91;padding:.5rem;z-index:1}
h1{font-size:1.5rem;line-height:1.3}h2{font-size:1.2rem;margin-top:1.75rem}h3{font-size:1.05rem;margin:.25rem 0}
button{font:inherit;min-height:44px;padding:.5rem 1.1rem;border:2px solid #0b57d0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input[type=text],input[type=email],textarea{font:inherit;width:100%;padding:.55rem;border:2px solid #555;border-radius:4px;background:#fff;color:#1a1a1a}
fieldset{border:1px solid #767676;border-radius:6px;padding:.5rem 1rem 1rem;margin:1rem 0}legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.4rem 0}.choice input{width:1.25rem;height:1.25rem;margin-top:.2rem}.choice label{display:inline;font-weight:400;margin:0}
.purpose{border:1px solid #767676;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}.purpose form{margin:.5rem 0 0}
.hint,.muted{color:#555;font-size:.95rem}.state{font-weight:600}.ok{background:#e6f4ea;border-left:4px solid #137333;padding:.5rem 1rem}
.err{background:#fce8e6;border-left:4px solid #c5221f;padding:.5rem 1rem}.banner{background:#fff4d6;border-left:4px solid #8a5a00;padding:.5rem 1rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ccc;vertical-align:top}.overdue{color:#a50e0e;font-weight:600}
footer{margin:2rem 0;color:#555;font-size:.9rem}[aria-current=page]{font-weight:700;text-decoration:none}`;

/** The page frame. */
export const Layout: FC<{ p: PageBase; title: string; signedIn: boolean; children?: Child }> = ({ p, title, signedIn, children }) => {
  const { m } = p;
  const q = p.forQuery ?? "";
  return (
    <html lang={m.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${m.title}`}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {m.skip}
        </a>
        <header>
          <div class="wrap">
            <p class="brand">{m.title}</p>
            <nav aria-label={m.title}>
              <ul>
                <li>
                  <a href={p.base}>{m.nav.home}</a>
                </li>
                {signedIn ? (
                  <>
                    <li>
                      <a href={`${p.base}/consents${q}`}>{m.nav.consents}</a>
                    </li>
                    <li>
                      <a href={`${p.base}/requests${q}`}>{m.nav.requests}</a>
                    </li>
                    <li>
                      <form method="post" action={`${p.base}/sign-out`}>
                        <input type="hidden" name="csrf" value={p.csrf ?? ""} />
                        <button type="submit">{m.nav.signOut}</button>
                      </form>
                    </li>
                  </>
                ) : (
                  <li>
                    <a href={`${p.base}/sign-in`}>{m.nav.signIn}</a>
                  </li>
                )}
                <li>
                  <a href={p.switchHref} lang={p.lang === "zh" ? "en" : "zh-CN"} hreflang={p.lang === "zh" ? "en" : "zh-CN"}>
                    {m.switchTo}
                  </a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">
          <h1>{title}</h1>
          {p.ok ? (
            <p class="ok" role="status">
              {p.ok}
            </p>
          ) : null}
          {p.error ? (
            <p class="err" role="alert">
              {p.error}
            </p>
          ) : null}
          {children}
        </main>
        <footer class="wrap">
          <p>{m.footer}</p>
        </footer>
      </body>
    </html>
  );
};

/** Hidden CSRF field of a form. */
export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="csrf" value={token} />;
