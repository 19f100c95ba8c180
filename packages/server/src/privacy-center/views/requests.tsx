/** @jsxImportSource hono/jsx */
/** Filing a rights request (PIPL Arts. 44–50) and following it: one form, the list, one request's status. */
import { REQUEST_TYPES } from "@pipguard/core";
import type { FC } from "hono/jsx";
import type { SubjectRequest } from "../requests.js";
import { type ActingFor, ActingForNav } from "./consents.js";
import { Csrf, Layout, type PageBase } from "./layout.js";

const Due: FC<{ p: PageBase; r: SubjectRequest }> = ({ p, r }) => (
  <>
    {r.dueOn}
    {r.dueProvisional ? p.m.requests.provisional : ""}
    {r.isOverdue ? <span class="overdue"> · {p.m.requests.overdue}</span> : null}
  </>
);

/** The requests page: the form first (filing is one submission), then the list. */
export const RequestsPage: FC<{ p: PageBase; csrf: string; items: SubjectRequest[]; who: ActingFor }> = ({ p, csrf, items, who }) => {
  const { m } = p;
  const forId = who.childNo === null ? null : who.subjectId;
  const q = forId ? `?for=${encodeURIComponent(forId)}` : "";
  return (
    <Layout p={p} title={m.requests.heading} signedIn={true}>
      <ActingForNav m={m} who={who} path={`${p.base}/requests`} />
      <p>{m.requests.intro}</p>
      <h2 id="file">{m.requests.fileHeading}</h2>
      <form method="post" action={`${p.base}/requests`} aria-labelledby="file">
        <Csrf token={csrf} />
        {forId ? <input type="hidden" name="for" value={forId} /> : null}
        <fieldset>
          <legend>{m.requests.type}</legend>
          {REQUEST_TYPES.map((t, i) => (
            <div class="choice">
              <input type="radio" id={`type-${t}`} name="type" value={t} required={i === 0} />
              <label for={`type-${t}`}>{m.types[t]}</label>
            </div>
          ))}
        </fieldset>
        <label for="details">{m.requests.details}</label>
        <p class="hint" id="details-hint">
          {m.requests.detailsHint}
        </p>
        <textarea id="details" name="details" rows={3} maxlength={2000} aria-describedby="details-hint"></textarea>
        <p>
          <button type="submit">{m.requests.submit}</button>
        </p>
      </form>
      <h2>{m.requests.listHeading}</h2>
      {items.length === 0 ? (
        <p>{m.requests.none}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{m.requests.col.type}</th>
              <th scope="col">{m.requests.col.status}</th>
              <th scope="col">{m.requests.col.received}</th>
              <th scope="col">{m.requests.col.due}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr data-request={r.id}>
                <td>
                  <a href={`${p.base}/requests/${encodeURIComponent(r.id)}${q}`}>{m.types[r.type]}</a>
                  {r.forChild ? m.requests.forChild : ""}
                </td>
                <td data-status={r.status}>{m.statuses[r.status]}</td>
                <td>{r.receivedAt.slice(0, 10)}</td>
                <td>
                  <Due p={p} r={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};

/** One request: its status, due date and, when ready, the export download. */
export const RequestPage: FC<{ p: PageBase; r: SubjectRequest; forId: string | null }> = ({ p, r, forId }) => {
  const { m } = p;
  const q = forId ? `?for=${encodeURIComponent(forId)}` : "";
  return (
    <Layout p={p} title={m.types[r.type]} signedIn={true}>
      <dl>
        <dt>{m.requests.col.status}</dt>
        <dd data-status={r.status}>{m.statuses[r.status]}</dd>
        <dt>{m.requests.col.received}</dt>
        <dd>{r.receivedAt.slice(0, 10)}</dd>
        <dt>{m.requests.col.due}</dt>
        <dd>
          <Due p={p} r={r} />
        </dd>
        {r.refusalReason ? (
          <>
            <dt>{m.statuses.refused}</dt>
            <dd>{r.refusalReason}</dd>
          </>
        ) : null}
      </dl>
      {r.hasExport ? (
        <p>
          <a href={`${p.base}/requests/${encodeURIComponent(r.id)}/export${q}`} download>
            {m.requests.download}
          </a>
        </p>
      ) : null}
      <p>
        <a href={`${p.base}/requests${q}`}>{m.nav.requests}</a>
      </p>
    </Layout>
  );
};
