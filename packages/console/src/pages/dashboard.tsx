/** Dashboard: requests by status, due this week and overdue; consent and withdrawal rates by purpose; audit findings by label. */
import { qs } from "../api.js";
import { BarChart, RateChart } from "../charts.js";
import { useI18n } from "../i18n.js";
import { Show, useApi, useCan } from "../ui.js";
import type { ConsentStats, InspectionSummary, RequestList } from "./types.js";

const STATUSES = ["received", "identity_verification", "in_progress", "completed", "refused", "cancelled"];

/** The dashboard page. */
export function DashboardPage() {
  const { t } = useI18n();
  const can = useCan();
  return (
    <>
      <h1 tabIndex={-1}>{t("nav.dashboard")}</h1>
      <div className="cards">
        {can("requests:read") ? <RequestCharts /> : null}
        {can("audit:read") ? <AuditChart /> : null}
        {can("consent:read") ? <ConsentCharts /> : null}
      </div>
    </>
  );
}

function RequestCharts() {
  const { t, label } = useI18n();
  const list = useApi<RequestList>(`/api/v1/requests${qs({ limit: 1 })}`);
  return (
    <section className="card" aria-labelledby="dash-req">
      <h2 id="dash-req">{t("dash.requestsByStatus")}</h2>
      <Show loaded={list}>
        {({ counts }) => (
          <>
            <div className="tiles">
              <a className="tile tile-warn" href="#/requests">
                <span className="tile-value">{counts.dueThisWeek}</span> {t("dash.dueThisWeek")}
              </a>
              <a className="tile tile-danger" href="#/requests">
                <span className="tile-value">{counts.overdue}</span> {t("dash.overdue")}
              </a>
            </div>
            <BarChart
              title={t("dash.requestsByStatus")}
              bars={STATUSES.map((s) => ({ label: label(s), value: counts.byStatus[s] ?? 0, tone: s === "in_progress" || s === "received" ? "warn" : "ok" }))}
            />
          </>
        )}
      </Show>
    </section>
  );
}

function ConsentCharts() {
  const { t } = useI18n();
  const stats = useApi<ConsentStats>(`/api/v1/ledger/stats${qs({ bucket: "day" })}`);
  return (
    <section className="card card-wide" aria-labelledby="dash-consent">
      <h2 id="dash-consent">{t("dash.consentRates")}</h2>
      <Show loaded={stats}>
        {(s) =>
          s.series.length === 0 ? (
            <p>{t("dash.noEvents")}</p>
          ) : (
            <>
              <p className="hint">{t("dash.consentRateHelp")}</p>
              <RateChart
                title={t("dash.consentRates")}
                xLabels={s.buckets}
                series={s.series.map((x) => ({
                  name: x.purpose,
                  values: x.points.map((p) => (p.grant + p.refuse === 0 ? null : p.grant / (p.grant + p.refuse))),
                }))}
              />
              <h3>{t("dash.withdrawalRates")}</h3>
              <p className="hint">{t("dash.withdrawalRateHelp")}</p>
              <RateChart
                title={t("dash.withdrawalRates")}
                xLabels={s.buckets}
                series={s.series.map((x) => ({
                  name: x.purpose,
                  values: x.points.map((p) => (p.grant === 0 ? (p.withdraw > 0 ? 1 : null) : Math.min(1, p.withdraw / p.grant))),
                }))}
              />
            </>
          )
        }
      </Show>
    </section>
  );
}

function AuditChart() {
  const { t } = useI18n();
  const list = useApi<{ items: InspectionSummary[] }>(`/api/v1/audit/inspections${qs({ limit: 500 })}`);
  return (
    <section className="card" aria-labelledby="dash-audit">
      <h2 id="dash-audit">{t("dash.findingsByLabel")}</h2>
      <Show loaded={list}>
        {({ items }) => {
          const counts = new Map<string, number>();
          for (const i of items) for (const l of i.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
          const bars = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label, value, tone: "danger" as const }));
          return bars.length === 0 ? <p>{t("dash.noFindings")}</p> : <BarChart title={t("dash.findingsByLabel")} bars={bars} />;
        }}
      </Show>
    </section>
  );
}
