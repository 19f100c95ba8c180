/** The rights-request queue with deadline colours (PIPL Art. 50: 15 working days by default). */
import { useState } from "react";
import { qs } from "../api.js";
import { useI18n } from "../i18n.js";
import { Field, Show, useApi, When } from "../ui.js";
import type { RequestList, RequestSummary } from "./types.js";

const STATUSES = ["received", "identity_verification", "in_progress", "completed", "refused", "cancelled"];
const TYPES = ["access", "copy", "portability", "correction", "deletion", "restriction", "withdraw_consent", "explanation", "account_deletion"];
const OPEN = new Set(["received", "identity_verification", "in_progress"]);

/** The colour class of a request's deadline: red overdue, amber within 2 working days, green otherwise, grey when closed. */
export function deadlineTone(r: Pick<RequestSummary, "status" | "isOverdue" | "workingDaysLeft">): "closed" | "overdue" | "soon" | "ok" {
  if (!OPEN.has(r.status)) return "closed";
  if (r.isOverdue) return "overdue";
  return r.workingDaysLeft <= 2 ? "soon" : "ok";
}

/** The queue page. */
export function RequestsPage() {
  const { t, label } = useI18n();
  const [status, setStatus] = useState("");
  const [type, setType] = useState("");
  const [overdue, setOverdue] = useState(false);
  const list = useApi<RequestList>(`/api/v1/requests${qs({ status, type, overdue: overdue ? "true" : undefined, limit: 200 })}`);
  return (
    <>
      <h1 tabIndex={-1}>{t("req.queue")}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label={t("req.status")}>
          {(id) => (
            <select id={id} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t("req.all")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {label(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("req.type")}>
          {(id) => (
            <select id={id} value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">{t("req.all")}</option>
              {TYPES.map((s) => (
                <option key={s} value={s}>
                  {label(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> {t("req.onlyOverdue")}
        </label>
        <button type="button" onClick={list.reload}>
          {t("refresh")}
        </button>
      </form>
      <p className="hint">{t("req.legend")}</p>
      <Show loaded={list}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t("empty")}</p>
          ) : (
            <div className="scroll">
              <table className="queue">
                <thead>
                  <tr>
                    <th scope="col">{t("req.id")}</th>
                    <th scope="col">{t("req.type")}</th>
                    <th scope="col">{t("req.status")}</th>
                    <th scope="col">{t("req.received")}</th>
                    <th scope="col">{t("req.due")}</th>
                    <th scope="col">{t("req.left")}</th>
                    <th scope="col">{t("req.assignee")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => {
                    const tone = deadlineTone(r);
                    return (
                      <tr key={r.id} className={`tone-${tone}`} data-request-id={r.id}>
                        <td>
                          <a href={`#/requests/${encodeURIComponent(r.id)}`}>
                            <code>{r.id.slice(-8)}</code>
                          </a>
                        </td>
                        <td>{label(r.type)}</td>
                        <td>{label(r.status)}</td>
                        <td>
                          <When at={r.receivedAt} />
                        </td>
                        <td>
                          <span className={`due due-${tone}`}>
                            {r.dueOn}
                            {tone === "overdue" ? ` · ${t("req.overdueBadge")}` : tone === "soon" ? ` · ${t("req.dueSoon")}` : ""}
                          </span>
                        </td>
                        <td>{tone === "closed" ? "—" : r.workingDaysLeft}</td>
                        <td>{r.assigneeId ? <code>{r.assigneeId.slice(-8)}</code> : "—"}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </>
  );
}
