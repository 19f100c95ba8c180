/** Settings: calendar overrides (holidays and 调休), API keys (secret shown once), key rotation, admin users. */
import { type FormEvent, useState } from "react";
import { api } from "../api.js";
import { useI18n } from "../i18n.js";
import { ErrorBox, Field, Show, Status, useAction, useApi, useCan, useMe, When } from "../ui.js";
import type { AdminUser } from "./types.js";

const KINDS = ["holiday", "adjusted_workday", "workday", "weekend"];

/** The settings page. */
export function SettingsPage() {
  const { t } = useI18n();
  const can = useCan();
  return (
    <>
      <h1 tabIndex={-1}>{t("nav.settings")}</h1>
      {can("calendar:read") ? <Calendar /> : null}
      {can("apikeys:manage") ? <ApiKeys /> : null}
      <section aria-labelledby="rot-h">
        <h2 id="rot-h">{t("set.rotation")}</h2>
        <p>{t("set.rotationHelp")}</p>
        <pre className="code">npm run pipguard -- keys rotate</pre>
      </section>
      {can("users:manage") ? <Users /> : null}
    </>
  );
}

interface Override {
  date: string;
  kind: string;
  name: string | null;
  source: string;
}

function Calendar() {
  const { t, label } = useI18n();
  const can = useCan();
  const list = useApi<{ items: Override[] }>("/api/v1/calendar/overrides");
  const action = useAction();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get("name") ?? "").trim();
    const ok = await action.run(
      () => api("PUT", `/api/v1/calendar/overrides/${encodeURIComponent(String(f.get("date")))}`, { kind: f.get("kind"), name: name || null }),
      t("saved"),
    );
    if (ok) list.reload();
  };
  return (
    <section aria-labelledby="cal-h">
      <h2 id="cal-h">{t("set.calendar")}</h2>
      <Show loaded={list}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t("empty")}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("set.date")}</th>
                  <th scope="col">{t("set.kind")}</th>
                  <th scope="col">{t("set.name")}</th>
                  {can("calendar:write") ? <th scope="col">{t("actions")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((o) => (
                  <tr key={o.date}>
                    <td>{o.date}</td>
                    <td>{label(o.kind)}</td>
                    <td>{o.name ?? "—"}</td>
                    {can("calendar:write") ? (
                      <td>
                        <button
                          type="button"
                          className="danger"
                          onClick={() => action.run(() => api("DELETE", `/api/v1/calendar/overrides/${o.date}`).then(list.reload), t("saved"))}
                        >
                          {t("delete")}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      {can("calendar:write") ? (
        <form className="filters" onSubmit={submit}>
          <Field label={t("set.date")}>{(id) => <input id={id} name="date" type="date" required />}</Field>
          <Field label={t("set.kind")}>
            {(id) => (
              <select id={id} name="kind">
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {label(k)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("set.name")}>{(id) => <input id={id} name="name" />}</Field>
          <button type="submit" className="primary" disabled={action.busy}>
            {t("save")}
          </button>
        </form>
      ) : null}
      <ErrorBox error={action.error} />
      <Status message={action.message} />
    </section>
  );
}

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function ApiKeys() {
  const { t } = useI18n();
  // The scopes offered are the permissions the signed-in admin holds (every one but access:pull, which
  // only contractor keys carry, issued on the access page's API): derived from the server, not copied.
  const scopes = useMe()?.permissions ?? [];
  const list = useApi<{ items: ApiKey[] }>("/api/v1/api-keys");
  const action = useAction();
  const [secret, setSecret] = useState<string>();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setSecret(undefined);
    const ok = await action.run(async () => {
      const created = await api<{ secret: string }>("POST", "/api/v1/api-keys", { name: f.get("name"), scopes: f.getAll("scopes") });
      setSecret(created.secret);
    });
    if (ok) {
      form.reset();
      list.reload();
    }
  };
  return (
    <section aria-labelledby="keys-h">
      <h2 id="keys-h">{t("set.apiKeys")}</h2>
      {secret ? (
        <div className="ok-box" role="alert">
          <p>{t("set.secretOnce")}</p>
          <input readOnly value={secret} aria-label={t("set.apiKeys")} onFocus={(e) => e.currentTarget.select()} className="secret" />
          <button type="button" onClick={() => setSecret(undefined)}>
            {t("close")}
          </button>
        </div>
      ) : null}
      <Show loaded={list}>
        {({ items }) => (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("set.name")}</th>
                  <th scope="col">{t("set.prefix")}</th>
                  <th scope="col">{t("set.scopes")}</th>
                  <th scope="col">{t("set.lastUsed")}</th>
                  <th scope="col">{t("actions")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((k) => (
                  <tr key={k.id} className={k.revokedAt ? "muted" : ""}>
                    <td>{k.name}</td>
                    <td>
                      <code>{k.prefix}</code>
                    </td>
                    <td>{k.scopes.join(", ")}</td>
                    <td>
                      <When at={k.lastUsedAt} />
                    </td>
                    <td>
                      {k.revokedAt ? (
                        t("set.revoked")
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => action.run(() => api("DELETE", `/api/v1/api-keys/${encodeURIComponent(k.id)}`).then(list.reload), t("saved"))}
                        >
                          {t("set.revoke")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Show>
      <form className="action" onSubmit={submit}>
        <h3>{t("create")}</h3>
        <Field label={t("set.name")}>{(id) => <input id={id} name="name" required />}</Field>
        <fieldset>
          <legend>{t("set.scopes")}</legend>
          <div className="scopes">
            {scopes.map((s) => (
              <label key={s} className="check">
                <input type="checkbox" name="scopes" value={s} /> {s}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="primary" disabled={action.busy}>
          {t("create")}
        </button>
      </form>
      <ErrorBox error={action.error} />
      <Status message={action.message} />
    </section>
  );
}

function Users() {
  const { t, label } = useI18n();
  const list = useApi<{ items: (AdminUser & { createdAt: string })[] }>("/api/v1/users");
  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">{t("set.users")}</h2>
      <Show loaded={list}>
        {({ items }) => (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("username")}</th>
                <th scope="col">{t("set.role")}</th>
                <th scope="col">ID</th>
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id} className={u.disabled ? "muted" : ""}>
                  <td>{u.displayName || u.username}</td>
                  <td>{label(u.role)}</td>
                  <td>
                    <code>{u.id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
    </section>
  );
}
