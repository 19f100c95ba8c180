/** App audits (2019 App Identification Method; GB/T 41391): inspections, their HTML reports, batch notices, new inspections. */
import { type FormEvent, useState } from "react";
import { api, qs } from "../api.js";
import { useI18n } from "../i18n.js";
import { ErrorBox, Field, Show, Status, useAction, useApi, useCan, When } from "../ui.js";
import type { InspectionSummary } from "./types.js";

/** The audits page. */
export function AuditsPage() {
  const { t, label, lang } = useI18n();
  const can = useCan();
  const [batch, setBatch] = useState("");
  const list = useApi<{ items: InspectionSummary[] }>(`/api/v1/audit/inspections${qs({ batch, limit: 200 })}`);
  const create = useAction();
  const [jsonError, setJsonError] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    let body: unknown;
    try {
      body = JSON.parse(String(new FormData(e.currentTarget).get("request") ?? ""));
      setJsonError(false);
    } catch {
      setJsonError(true);
      return;
    }
    if (await create.run(() => api("POST", "/api/v1/audit/inspections", body), t("saved"))) list.reload();
  };
  return (
    <>
      <h1 tabIndex={-1}>{t("nav.audits")}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label={t("aud.notice")}>{(id) => <input id={id} value={batch} onChange={(e) => setBatch(e.target.value)} placeholder="2026-Q1" />}</Field>
        {batch ? (
          <a href={`/api/v1/audit/notice${qs({ batch, format: "html" })}`} target="_blank" rel="noopener">
            {t("aud.notice")} (HTML)
          </a>
        ) : null}
      </form>
      <Show loaded={list}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t("empty")}</p>
          ) : (
            <div className="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("aud.app")}</th>
                    <th scope="col">{t("aud.version")}</th>
                    <th scope="col">{t("req.status")}</th>
                    <th scope="col">{t("aud.findings")}</th>
                    <th scope="col">{t("aud.labels")}</th>
                    <th scope="col">{t("req.received")}</th>
                    <th scope="col">{t("aud.report")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => (
                    <tr key={i.id}>
                      <td>
                        {i.app.name ?? "—"} <small>{i.app.packageName ?? ""}</small>
                      </td>
                      <td>{i.app.version ?? "—"}</td>
                      <td>{label(i.status)}</td>
                      <td>{i.findingsCount}</td>
                      <td>{i.labels.join("、") || "—"}</td>
                      <td>
                        <When at={i.createdAt} />
                      </td>
                      <td>
                        <a href={`/api/v1/audit/inspections/${encodeURIComponent(i.id)}/report${qs({ format: "html", lang })}`} target="_blank" rel="noopener">
                          {t("aud.report")}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
      {can("audit:write") ? (
        <form className="action" onSubmit={submit}>
          <h2>{t("aud.new")}</h2>
          <Field label={t("aud.request")} hint='{"trace": {…}, "policy": "…", "batch": "2026-Q1"}'>
            {(id) => <textarea id={id} name="request" rows={8} required spellCheck={false} />}
          </Field>
          <button type="submit" className="primary" disabled={create.busy}>
            {t("create")}
          </button>
          {jsonError ? (
            <p className="error" role="alert">
              {t("aud.invalidJson")}
            </p>
          ) : null}
          <ErrorBox error={create.error} />
          <Status message={create.message} />
        </form>
      ) : null}
    </>
  );
}
