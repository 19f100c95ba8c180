/** Policy documents, their immutable versions, publishing, and the line diff between two versions (PIPL Art. 17 para. 2). */
import { type FormEvent, useEffect, useState } from "react";
import { api, qs } from "../api.js";
import { useI18n } from "../i18n.js";
import { ErrorBox, Field, Show, Status, useAction, useApi, useCan, When } from "../ui.js";
import type { PolicyDocument, PolicyVersion } from "./types.js";

const PUBLIC_PAGE: Record<string, string> = { privacy_policy: "privacy", children_rules: "children", sdk_list: "sdk" };

/** The policies page: the list, or one document when `id` is given. */
export function PoliciesPage({ id }: { id: string | undefined }) {
  const { t, label } = useI18n();
  const can = useCan();
  const docs = useApi<{ items: PolicyDocument[] }>("/api/v1/policies");
  const create = useAction();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (await create.run(() => api("POST", "/api/v1/policies", { app: f.get("app"), kind: f.get("kind"), title: f.get("title") }), t("saved"))) docs.reload();
  };
  if (id) return <PolicyDetail id={id} />;
  return (
    <>
      <h1 tabIndex={-1}>{t("pol.documents")}</h1>
      <Show loaded={docs}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t("empty")}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("pol.title")}</th>
                  <th scope="col">{t("pol.app")}</th>
                  <th scope="col">{t("pol.kind")}</th>
                  <th scope="col">{t("pol.current")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <a href={`#/policies/${encodeURIComponent(d.id)}`}>{d.title}</a>
                    </td>
                    <td>{d.app}</td>
                    <td>{label(d.kind)}</td>
                    <td>{d.currentVersion ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      {can("policies:write") ? (
        <form className="action" onSubmit={submit}>
          <h2>{t("create")}</h2>
          <Field label={t("pol.app")}>{(i) => <input id={i} name="app" required />}</Field>
          <Field label={t("pol.kind")}>
            {(i) => (
              <select id={i} name="kind">
                {Object.keys(PUBLIC_PAGE).map((k) => (
                  <option key={k} value={k}>
                    {label(k)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("pol.title")}>{(i) => <input id={i} name="title" required />}</Field>
          <button type="submit" className="primary" disabled={create.busy}>
            {t("create")}
          </button>
          <ErrorBox error={create.error} />
          <Status message={create.message} />
        </form>
      ) : null}
    </>
  );
}

function PolicyDetail({ id }: { id: string }) {
  const { t, label } = useI18n();
  const can = useCan();
  const base = `/api/v1/policies/${encodeURIComponent(id)}`;
  const doc = useApi<PolicyDocument>(base);
  const versions = useApi<{ items: PolicyVersion[] }>(`${base}/versions`);
  const n = versions.data?.items.length ?? 0;
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  useEffect(() => {
    if (n >= 1) {
      setTo(n);
      setFrom(Math.max(1, n - 1));
    }
  }, [n]);
  const diff = useApi<{ lines: { op: "same" | "add" | "remove"; text: string }[] }>(from >= 1 && to >= 1 && n >= 2 ? `${base}/diff${qs({ from, to })}` : null);
  const publish = useAction();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const content = String(f.get("content") ?? "");
    const summary = String(f.get("changeSummary") ?? "").trim();
    const ok = await publish.run(
      () =>
        api("POST", `${base}/versions`, {
          ...(content.trim() ? { content } : {}),
          ...(summary ? { changeSummary: summary } : {}),
          materialChange: f.get("material") === "on",
        }),
      t("saved"),
    );
    if (ok) {
      versions.reload();
      doc.reload();
    }
  };
  const options = Array.from({ length: n }, (_, i) => i + 1);
  return (
    <>
      <p>
        <a href="#/policies">← {t("pol.documents")}</a>
      </p>
      <Show loaded={doc}>
        {(d) => (
          <>
            <h1 tabIndex={-1}>{d.title}</h1>
            <p>
              {label(d.kind)} · {d.app} ·{" "}
              <a href={`/p/${encodeURIComponent(d.app)}/${PUBLIC_PAGE[d.kind] ?? ""}`} target="_blank" rel="noopener">
                {t("pol.publicPage")}
              </a>
            </p>
          </>
        )}
      </Show>
      <h2>{t("pol.versions")}</h2>
      <Show loaded={versions}>
        {({ items }) => (
          <ol className="versions">
            {items.map((v) => (
              <li key={v.version}>
                v{v.version} · <When at={v.publishedAt} /> {v.materialChange ? <strong className="badge">{t("pol.material").split("（")[0]}</strong> : null}{" "}
                {v.changeSummary ?? ""} <code title={v.contentHash}>{v.contentHash.slice(0, 12)}</code>
              </li>
            ))}
          </ol>
        )}
      </Show>
      {n >= 2 ? (
        <section aria-labelledby="diff-h">
          <h2 id="diff-h">{t("pol.diff")}</h2>
          <form className="filters" onSubmit={(e) => e.preventDefault()}>
            <Field label={t("pol.from")}>
              {(i) => (
                <select id={i} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                  {options.map((o) => (
                    <option key={o} value={o}>
                      v{o}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("pol.to")}>
              {(i) => (
                <select id={i} value={to} onChange={(e) => setTo(Number(e.target.value))}>
                  {options.map((o) => (
                    <option key={o} value={o}>
                      v{o}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </form>
          <Show loaded={diff}>
            {({ lines }) => (
              <pre className="diff">
                {lines.map((l, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: diff lines are positional
                  <span key={i} className={`diff-${l.op}`}>
                    {l.op === "add" ? (
                      <span className="sr-only">{t("pol.added")}: </span>
                    ) : l.op === "remove" ? (
                      <span className="sr-only">{t("pol.removed")}: </span>
                    ) : null}
                    <span aria-hidden="true">{l.op === "add" ? "+ " : l.op === "remove" ? "− " : "  "}</span>
                    {l.text}
                    {"\n"}
                  </span>
                ))}
              </pre>
            )}
          </Show>
        </section>
      ) : null}
      {can("policies:write") ? (
        <form className="action" onSubmit={submit}>
          <h2>{t("pol.publish")}</h2>
          <Field label={t("pol.content")}>
            {(i) => <textarea id={i} name="content" rows={10} defaultValue={versions.data?.items.at(-1)?.content ?? ""} key={n} />}
          </Field>
          <Field label={t("pol.changeSummary")}>{(i) => <input id={i} name="changeSummary" />}</Field>
          <label className="check">
            <input type="checkbox" name="material" /> {t("pol.material")}
          </label>
          <button type="submit" className="primary" disabled={publish.busy}>
            {t("pol.publish")}
          </button>
          <ErrorBox error={publish.error} />
          <Status message={publish.message} />
        </form>
      ) : null}
    </>
  );
}
