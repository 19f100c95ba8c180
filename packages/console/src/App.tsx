/** The console shell: sign-in, role-aware navigation, language toggle, and the page of the current route. */
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, setCsrfToken, setUnauthorizedHandler } from "./api.js";
import { I18nContext, type Lang, type MessageKey, makeI18n, useI18n } from "./i18n.js";
import { AccessPage } from "./pages/access.js";
import { AuditsPage } from "./pages/audits.js";
import { CatalogPage } from "./pages/catalog.js";
import { DashboardPage } from "./pages/dashboard.js";
import { LedgerPage } from "./pages/ledger.js";
import { PoliciesPage } from "./pages/policies.js";
import { RequestDetailPage } from "./pages/request-detail.js";
import { RequestsPage } from "./pages/requests.js";
import { SettingsPage } from "./pages/settings.js";
import { navigate, useRoute } from "./router.js";
import { ErrorBox, Field, type Me, MeContext, Status, toApiError, useAction } from "./ui.js";

interface NavItem {
  route: string;
  label: MessageKey;
  /** Any of these permissions shows the entry; empty: every signed-in user. */
  needs: string[];
}

const NAV: NavItem[] = [
  { route: "dashboard", label: "nav.dashboard", needs: [] },
  { route: "requests", label: "nav.requests", needs: ["requests:read"] },
  { route: "catalog", label: "nav.catalog", needs: ["catalog:read"] },
  { route: "policies", label: "nav.policies", needs: ["consent:read"] },
  { route: "ledger", label: "nav.ledger", needs: ["consent:read"] },
  { route: "audits", label: "nav.audits", needs: ["audit:read"] },
  { route: "access", label: "nav.access", needs: [] },
  { route: "settings", label: "nav.settings", needs: ["calendar:read", "apikeys:manage", "users:manage"] },
];

function readLang(): Lang {
  try {
    return localStorage.getItem("pipguard.lang") === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

/** The whole console. */
export function App() {
  const [lang, setLangState] = useState<Lang>(readLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem("pipguard.lang", l);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = i18n.t("appName");
  }, [lang, i18n]);

  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const loadMe = useCallback(async () => {
    try {
      const m = await api<Me>("GET", "/api/v1/auth/me");
      if (m.kind !== "user") throw new Error("not a user session");
      setCsrfToken(m.csrfToken);
      setMe(m);
    } catch {
      setCsrfToken(undefined);
      setMe(null);
    }
  }, []);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(undefined);
      setMe(null);
    });
    void loadMe();
  }, [loadMe]);

  return (
    <I18nContext.Provider value={i18n}>
      {me === undefined ? (
        <p className="boot">{i18n.t("loading")}</p>
      ) : me === null ? (
        <Login onSignedIn={loadMe} />
      ) : (
        <Shell me={me} onSignedOut={() => setMe(null)} />
      )}
    </I18nContext.Provider>
  );
}

function LangToggle() {
  const { t, lang, setLang } = useI18n();
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => setLang(lang === "zh" ? "en" : "zh")}
      aria-label={t("languageLabel")}
      lang={lang === "zh" ? "en" : "zh-CN"}
    >
      {t("language")}
    </button>
  );
}

function Login({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useI18n();
  const [error, setError] = useState<ReturnType<typeof toApiError>>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const s = await api<{ csrfToken: string }>("POST", "/api/v1/auth/login", { username: form.get("username"), password: form.get("password") });
      setCsrfToken(s.csrfToken);
      await onSignedIn();
      if (!window.location.hash) navigate("dashboard");
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login" id="main">
      <div className="login-top">
        <LangToggle />
      </div>
      <h1>{t("appName")}</h1>
      <form onSubmit={submit} aria-describedby="login-error">
        <Field label={t("username")}>{(id) => <input id={id} name="username" autoComplete="username" required />}</Field>
        <Field label={t("password")}>{(id) => <input id={id} name="password" type="password" autoComplete="current-password" required />}</Field>
        <div id="login-error">
          <ErrorBox error={error} />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t("signIn")}
        </button>
      </form>
      <FirstAdmin />
    </main>
  );
}

/** First run: create the first admin with the one-time setup token the server printed at start. */
function FirstAdmin() {
  const { t } = useI18n();
  const action = useAction();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    await action.run(() => api("POST", "/api/v1/setup", { token: f.get("token"), username: f.get("username"), password: f.get("password") }), t("setup.done"));
  };
  return (
    <details className="setup">
      <summary>{t("setup.title")}</summary>
      <p className="hint">{t("setup.help")}</p>
      <form onSubmit={submit}>
        <Field label={t("setup.token")}>{(id) => <input id={id} name="token" autoComplete="off" required />}</Field>
        <Field label={t("setup.username")}>{(id) => <input id={id} name="username" autoComplete="off" minLength={3} required />}</Field>
        <Field label={t("setup.password")}>
          {(id) => <input id={id} name="password" type="password" autoComplete="new-password" minLength={12} required />}
        </Field>
        <button type="submit" disabled={action.busy}>
          {t("setup.create")}
        </button>
        <ErrorBox error={action.error} />
        <Status message={action.message} />
      </form>
    </details>
  );
}

function Shell({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const { t, label } = useI18n();
  const route = useRoute();
  const mainRef = useRef<HTMLElement>(null);
  const items = NAV.filter((n) => n.needs.length === 0 || n.needs.some((p) => me.permissions.includes(p)));
  const page = route[0] ?? "dashboard";
  // Moves focus to the new page's heading so keyboard and screen-reader users land on it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every page change
  useEffect(() => {
    mainRef.current?.querySelector("h1")?.focus();
  }, [page]);
  const signOut = async () => {
    await api("POST", "/api/v1/auth/logout").catch(() => undefined);
    setCsrfToken(undefined);
    onSignedOut();
  };
  const allowed = items.some((n) => n.route === page);
  return (
    <MeContext.Provider value={me}>
      <button type="button" className="skip" onClick={() => mainRef.current?.focus()}>
        {t("skip")}
      </button>
      <header className="top">
        <span className="brand">{t("appName")}</span>
        <span className="who">
          {t("signedInAs")} <strong>{me.username}</strong> · {label(me.role)}
        </span>
        <LangToggle />
        <button type="button" className="link-button" onClick={signOut}>
          {t("signOut")}
        </button>
      </header>
      <div className="layout">
        <nav className="side" aria-label={t("appName")}>
          <ul>
            {items.map((n) => (
              <li key={n.route}>
                <a href={`#/${n.route}`} aria-current={page === n.route ? "page" : undefined}>
                  {t(n.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" ref={mainRef} tabIndex={-1}>
          {!allowed ? <p role="alert">{t("noPermission")}</p> : <Page route={route} />}
        </main>
      </div>
    </MeContext.Provider>
  );
}

function Page({ route }: { route: string[] }) {
  const [page, id] = route;
  switch (page ?? "dashboard") {
    case "requests":
      return id ? <RequestDetailPage id={id} /> : <RequestsPage />;
    case "catalog":
      return <CatalogPage tab={id} />;
    case "policies":
      return <PoliciesPage id={id} />;
    case "ledger":
      return <LedgerPage />;
    case "audits":
      return <AuditsPage />;
    case "access":
      return <AccessPage />;
    case "settings":
      return <SettingsPage />;
    default:
      return <DashboardPage />;
  }
}
