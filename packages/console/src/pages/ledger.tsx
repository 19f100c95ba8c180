/** The consent ledger: verify the hash chain, export every event, daily counts per purpose. */
import { useState } from "react";
import { qs } from "../api.js";
import { useI18n } from "../i18n.js";
import { Show, useApi } from "../ui.js";
import type { ConsentStats } from "./types.js";

interface Verdict {
  ok: boolean;
  count: number;
  position?: number;
  problem?: string;
  head?: { seq: number; hash: string } | null;
}

/** The ledger page. */
export function LedgerPage() {
  const { t } = useI18n();
  const [verifyPath, setVerifyPath] = useState<string | null>(null);
  const verdict = useApi<Verdict>(verifyPath);
  const stats = useApi<ConsentStats>(`/api/v1/ledger/stats${qs({ bucket: "day" })}`);
  return (
    <>
      <h1 tabIndex={-1}>{t("nav.ledger")}</h1>
      <div className="row">
        <button type="button" className="primary" onClick={() => (verifyPath ? verdict.reload() : setVerifyPath("/api/v1/ledger/verify"))}>
          {t("led.verify")}
        </button>
        <a className="button" href="/api/v1/ledger/export" download="consent-ledger.jsonl">
          {t("led.export")}
        </a>
      </div>
      {verifyPath ? (
        <div aria-live="polite">
          <Show loaded={verdict}>
            {(v) =>
              v.ok ? (
                <p className="ok-box">
                  ✓ {t("led.ok")} · {t("led.events")}: {v.count}
                  {v.head ? (
                    <>
                      {" "}
                      · {t("led.head")}: #{v.head.seq} <code>{v.head.hash.slice(0, 16)}</code>
                    </>
                  ) : null}
                </p>
              ) : (
                <p className="error" role="alert">
                  ✗ {t("led.broken")} {v.position}: {v.problem}
                </p>
              )
            }
          </Show>
        </div>
      ) : null}
      <h2>{t("led.stats")}</h2>
      <Show loaded={stats}>
        {(s) => {
          const rows = s.series.flatMap((x) => x.points.filter((p) => p.grant + p.refuse + p.withdraw > 0).map((p) => ({ purpose: x.purpose, ...p })));
          return rows.length === 0 ? (
            <p>{t("dash.noEvents")}</p>
          ) : (
            <div className="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("set.date")}</th>
                    <th scope="col">{t("led.purpose")}</th>
                    <th scope="col">{t("led.grant")}</th>
                    <th scope="col">{t("led.refuse")}</th>
                    <th scope="col">{t("led.withdraw")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.start}/${r.purpose}`}>
                      <td>{r.start}</td>
                      <td>{r.purpose}</td>
                      <td>{r.grant}</td>
                      <td>{r.refuse}</td>
                      <td>{r.withdraw}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Show>
    </>
  );
}
