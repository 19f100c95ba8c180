/**
 * Contractor grants and the access log (/api/v1/access/…). Those routes are being added to the
 * server separately: until a server offers them, this page says so instead of failing.
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

/** The access page. */
export function AccessPage() {
  const { t } = useI18n();
  return (
    <>
      <h1 tabIndex={-1}>{t("nav.access")}</h1>
      <Listing path="/api/v1/access/grants" title={t("acc.grants")} />
      <Listing path="/api/v1/access/log" title={t("acc.log")} />
    </>
  );
}
