/**
 * Contractors (受托方), views, grants, alerts and the hash-chained access log (/api/v1/protection/…,
 * PIPL Arts. 21 and 54). A server without those routes gets "not available" instead of an error.
 */
import { useI18n } from "../i18n.js";
import { Show, useApi } from "../ui.js";

type Item = Record<string, unknown>;

function Listing({ path, title }: { path: string; title: string }) {
  const { t } = useI18n();
  const list = useApi<{ items?: Item[] } | Item[]>(path);
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {list.error?.status === 404 ? (
        <p className="hint">{t("notAvailable")}</p>
      ) : (
        <Show loaded={list}>
          {(data) => {
            const items = Array.isArray(data) ? data : (data.items ?? []);
            const cols = [...new Set(items.flatMap((i) => Object.keys(i)))].slice(0, 8);
            return items.length === 0 ? (
              <p>{t("empty")}</p>
            ) : (
              <div className="scroll">
                <table>
                  <thead>
                    <tr>
                      {cols.map((c) => (
                        <th key={c} scope="col">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((i, n) => (
                      <tr key={typeof i.id === "string" ? i.id : n}>
                        {cols.map((c) => (
                          <td key={c}>{typeof i[c] === "object" && i[c] !== null ? JSON.stringify(i[c]) : String(i[c] ?? "—")}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </Show>
      )}
    </section>
  );
}

/** The access log's chain check: OK, or the first broken position. */
function Verify() {
  const { t } = useI18n();
  const v = useApi<Item>("/api/v1/protection/access-log/verify");
  return (
    <section aria-label={t("acc.verify")}>
      <h2>{t("acc.verify")}</h2>
      {v.error?.status === 404 ? (
        <p className="hint">{t("notAvailable")}</p>
      ) : (
        <Show loaded={v}>{(data) => <pre role="status">{JSON.stringify(data, null, 2)}</pre>}</Show>
      )}
    </section>
  );
}

/** The access page. */
export function AccessPage() {
  const { t } = useI18n();
  return (
    <>
      <h1 tabIndex={-1}>{t("nav.access")}</h1>
      <Verify />
      <Listing path="/api/v1/protection/grants" title={t("acc.grants")} />
      <Listing path="/api/v1/protection/alerts" title={t("acc.alerts")} />
      <Listing path="/api/v1/protection/views" title={t("acc.views")} />
      <Listing path="/api/v1/protection/contractors" title={t("acc.contractors")} />
      <section aria-label={t("acc.log")}>
        <h2>{t("acc.log")}</h2>
        <p>
          <a href="/api/v1/protection/access-log?format=csv" download="access-log.csv">
            {t("acc.export")}
          </a>
        </p>
      </section>
    </>
  );
}
