/** One rights request: its deadline, audit trail and messages, and every action the API offers. */
import { type FormEvent, type ReactNode, useState } from "react";
import { ApiError, api } from "../api.js";
import { useI18n } from "../i18n.js";
import { ErrorBox, Field, Show, Status, useAction, useApi, useCan, useMe, When } from "../ui.js";
import { deadlineTone } from "./requests.js";
import type { AdminUser, RefusalReason, RequestDetail, RequestMessage, RunResult, RunView } from "./types.js";

const OPEN = new Set(["received", "identity_verification", "in_progress"]);

/** The request detail page. */
export function RequestDetailPage({ id }: { id: string }) {
  const { t, label } = useI18n();
  const can = useCan();
  const detail = useApi<RequestDetail>(`/api/v1/requests/${encodeURIComponent(id)}`);
  const messages = useApi<{ items: RequestMessage[] }>(`/api/v1/requests/${encodeURIComponent(id)}/messages`);
  const reload = () => {
    detail.reload();
    messages.reload();
  };
  return (
    <>
      <p>
        <a href="#/requests">← {t("req.back")}</a>
      </p>
      <Show loaded={detail}>
        {(r) => {
          const tone = deadlineTone(r);
          return (
            <>
              <h1 tabIndex={-1}>
                {label(r.type)} · <code>{r.id.slice(-8)}</code>
              </h1>
              <dl className="facts">
                <dt>{t("req.status")}</dt>
                <dd data-testid="request-status">{label(r.status)}</dd>
                <dt>{t("req.due")}</dt>
                <dd>
                  <span className={`due due-${tone}`}>{r.dueOn}</span> {r.dueProvisional ? t("req.provisional") : ""}
                  {tone !== "closed" ? ` · ${t("req.left")}: ${r.workingDaysLeft}` : ""}
                </dd>
                <dt>{t("req.received")}</dt>
                <dd>
                  <When at={r.receivedAt} />
                </dd>
                <dt>{t("req.contact")}</dt>
                <dd>{r.contact}</dd>
                <dt>{t("req.assignee")}</dt>
                <dd>{r.assigneeId ?? "—"}</dd>
                {r.details ? (
                  <>
                    <dt>{t("req.details")}</dt>
                    <dd className="pre">{r.details}</dd>
                  </>
                ) : null}
              </dl>
              {can("requests:write") && OPEN.has(r.status) ? <Actions r={r} onChange={reload} /> : <p>{OPEN.has(r.status) ? "" : t("req.closed")}</p>}
              <h2>{t("req.trail")}</h2>
              <ol className="timeline">
                {r.events.map((e) => (
                  <li key={e.id}>
                    <When at={e.at} /> · <strong>{e.kind}</strong>
                    {e.toStatus ? ` → ${label(e.toStatus)}` : ""} · {e.actorKind}
                    {e.note ? <div className="pre note">{e.note}</div> : null}
                  </li>
                ))}
              </ol>
              {r.extensions.length > 0 ? (
                <>
                  <h2>{t("req.extensions")}</h2>
                  <ul>
                    {r.extensions.map((x) => (
                      <li key={x.at}>
                        +{x.workingDays} · {x.previousDue} → {x.newDue} · {x.reason}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          );
        }}
      </Show>
      <h2>{t("req.messages")}</h2>
      <Show loaded={messages}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t("empty")}</p>
          ) : (
            <ul className="messages">
              {items.map((m) => (
                <li key={m.id}>
                  <When at={m.createdAt} /> · {m.status} · <strong>{m.subject}</strong>
                </li>
              ))}
            </ul>
          )
        }
      </Show>
    </>
  );
}

/** A titled action form; its submit runs `onSubmit` and reports the outcome. */
function ActionForm({
  title,
  onSubmit,
  children,
  submit,
  danger,
}: {
  title: string;
  onSubmit: (f: FormData) => Promise<unknown>;
  children?: ReactNode;
  submit: string;
  danger?: boolean;
}) {
  const { t } = useI18n();
  const action = useAction();
  const go = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (await action.run(() => onSubmit(new FormData(form)), t("saved"))) form.reset();
  };
  return (
    <form className="action" onSubmit={go} aria-label={title}>
      <h3>{title}</h3>
      {children}
      <button type="submit" className={danger ? "danger" : "primary"} disabled={action.busy}>
        {submit}
      </button>
      <ErrorBox error={action.error} />
      <Status message={action.message} />
    </form>
  );
}

const text = (f: FormData, k: string) => {
  const v = String(f.get(k) ?? "").trim();
  return v === "" ? undefined : v;
};

function Actions({ r, onChange }: { r: RequestDetail; onChange: () => void }) {
  const { t, lang } = useI18n();
  const can = useCan();
  const me = useMe();
  const base = `/api/v1/requests/${encodeURIComponent(r.id)}`;
  const post = async (path: string, body: unknown) => {
    await api("POST", `${base}/${path}`, body);
    onChange();
  };
  const reasons = useApi<{ items: RefusalReason[] }>("/api/v1/requests/refusal-reasons");
  const users = useApi<{ items: AdminUser[] }>(can("users:manage") ? "/api/v1/users" : null);
  const [plan, setPlan] = useState<RunResult>();
  const [result, setResult] = useState<RunResult>();
  const [progress, setProgress] = useState<RunView>();
  const run = useAction();
  const fulfils = ["access", "copy", "portability", "deletion", "account_deletion"].includes(r.type) && !r.deceasedRelative;
  return (
    <section aria-labelledby="actions-h" className="actions">
      <h2 id="actions-h">{t("actions")}</h2>
      <div className="action-grid">
        {r.status === "in_progress" && fulfils ? (
          <section className="action" aria-labelledby="run-h">
            <h3 id="run-h">{t("req.run")}</h3>
            <p className="hint">{t("req.runHelp")}</p>
            <div className="row">
              <button
                type="button"
                disabled={run.busy}
                onClick={() =>
                  run.run(async () => {
                    setPlan(await api<RunResult>("POST", `${base}/run`, { dryRun: true }));
                  })
                }
              >
                {t("req.preview")}
              </button>
              <button
                type="button"
                className="primary"
                disabled={run.busy || !plan}
                onClick={() =>
                  run.run(async () => {
                    // A real run is a job (202 with the run): follow it store by store until it ends.
                    let r = await api<RunView>("POST", `${base}/run`, { dryRun: false });
                    setProgress(r);
                    for (let i = 0; i < 600 && r.status !== "succeeded" && r.status !== "failed"; i++) {
                      await new Promise((ok) => setTimeout(ok, 1000));
                      r = await api<RunView>("GET", `${base}/runs/${r.id}`);
                      setProgress(r);
                    }
                    if (r.status === "failed") throw new ApiError(0, "RUN_FAILED", r.lastError ?? t("req.runFailed"));
                    if (r.status === "succeeded") setResult({ id: r.id, dryRun: false, stores: r.stores });
                    onChange();
                  }, t("saved"))
                }
              >
                {t("req.run")}
              </button>
            </div>
            {progress && progress.status !== "succeeded" ? (
              <p role="status">
                {t("req.runStatus")}: {progress.status} · {progress.stores.filter((x) => x.done).length}/{progress.stores.length} · {t("req.attempts")}{" "}
                {progress.attempts}/{progress.maxAttempts}
                {progress.lastError ? ` · ${progress.lastError}` : ""}
              </p>
            ) : null}
            {plan ? <RunTable title={t("req.plan")} result={plan} /> : null}
            {result ? <RunTable title={t("req.done")} result={result} /> : null}
            <ErrorBox error={run.error} />
            <Status message={run.message} />
          </section>
        ) : null}
        {r.status === "in_progress" ? (
          <ActionForm title={t("req.complete")} submit={t("req.complete")} onSubmit={(f) => post("complete", { note: text(f, "note") })}>
            <Field label={t("req.note")}>{(id) => <textarea id={id} name="note" rows={2} />}</Field>
          </ActionForm>
        ) : null}
        {r.status === "in_progress" && r.type === "correction" ? (
          <ActionForm
            title={t("req.correct")}
            submit={t("req.correct")}
            onSubmit={(f) =>
              post("correct", { store: text(f, "store"), table: text(f, "table"), column: text(f, "column"), value: String(f.get("value") ?? "") })
            }
          >
            <Field label={t("req.store")}>{(id) => <input id={id} name="store" required />}</Field>
            <Field label={t("req.table")}>{(id) => <input id={id} name="table" required />}</Field>
            <Field label={t("req.column")}>{(id) => <input id={id} name="column" required />}</Field>
            <Field label={t("req.value")}>{(id) => <input id={id} name="value" />}</Field>
          </ActionForm>
        ) : null}
        {r.status !== "in_progress" ? (
          <ActionForm title={t("req.verifyIdentity")} submit={t("req.verifyIdentity")} onSubmit={(f) => post("verify-identity", { note: text(f, "note") })}>
            <Field label={t("req.verifyHow")}>{(id) => <textarea id={id} name="note" rows={2} required />}</Field>
          </ActionForm>
        ) : null}
        <ActionForm
          title={t("req.assign")}
          submit={t("req.assign")}
          onSubmit={(f) => {
            const v = text(f, "assignee");
            return post("assign", { assigneeId: v === "-" ? null : (v ?? me?.id ?? null) });
          }}
        >
          <Field label={t("req.assigneeId")}>
            {(id) =>
              users.data ? (
                <select id={id} name="assignee" defaultValue={r.assigneeId ?? me?.id}>
                  <option value="-">{t("req.unassign")}</option>
                  {users.data.items
                    .filter((u) => !u.disabled)
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.displayName || u.username}
                      </option>
                    ))}
                </select>
              ) : (
                <input id={id} name="assignee" placeholder={me?.id} />
              )
            }
          </Field>
          {users.data ? null : (
            <small>
              {t("req.assignMe")}: {me?.username}
            </small>
          )}
        </ActionForm>
        <ActionForm title={t("req.addNote")} submit={t("req.addNote")} onSubmit={(f) => post("notes", { note: text(f, "note") })}>
          <Field label={t("req.note")} hint={t("req.noteHelp")}>
            {(id) => <textarea id={id} name="note" rows={2} required />}
          </Field>
        </ActionForm>
        <ActionForm
          title={t("req.extend")}
          submit={t("req.extend")}
          onSubmit={(f) => post("extend", { workingDays: Number(f.get("days")), reason: text(f, "reason") })}
        >
          <Field label={t("req.extendDays")}>{(id) => <input id={id} name="days" type="number" min={1} max={15} defaultValue={15} required />}</Field>
          <Field label={t("req.reason")} hint={t("req.extendHelp")}>
            {(id) => <textarea id={id} name="reason" rows={2} required />}
          </Field>
        </ActionForm>
        <ActionForm
          title={t("req.refuse")}
          submit={t("req.refuse")}
          danger
          onSubmit={(f) => post("refuse", { reason: text(f, "reason"), note: text(f, "note") })}
        >
          <Field label={t("req.refuseReason")}>
            {(id) => (
              <select id={id} name="reason" required>
                {(reasons.data?.items ?? []).map((x) => (
                  <option key={x.code} value={x.code}>
                    {lang === "zh" ? x.labelZh : x.labelEn} ({x.legalBasis})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("req.note")}>{(id) => <textarea id={id} name="note" rows={2} />}</Field>
        </ActionForm>
        <ActionForm title={t("req.cancelRequest")} submit={t("req.cancelRequest")} danger onSubmit={(f) => post("cancel", { note: text(f, "note") })}>
          <Field label={t("req.note")}>{(id) => <textarea id={id} name="note" rows={2} />}</Field>
        </ActionForm>
      </div>
    </section>
  );
}

function RunTable({ title, result }: { title: string; result: RunResult }) {
  const { t } = useI18n();
  const rows = result.stores.flatMap((s) => s.tables.map((x) => ({ store: s.storeKey, ...x })));
  return (
    <table className="run" aria-label={title}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{t("req.store")}</th>
          <th scope="col">{t("req.table")}</th>
          <th scope="col">{t("req.action")}</th>
          <th scope="col">{t("req.rows")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4}>{t("empty")}</td>
          </tr>
        ) : (
          rows.map((x) => (
            <tr key={`${x.store}/${x.table}`}>
              <td>{x.store}</td>
              <td>{x.table}</td>
              <td>{x.action ?? "find"}</td>
              <td>{x.rows}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
