/** Hand-made SVG charts (no chart library: the console's first load stays small). Each has a data table for screen readers. */
import { useI18n } from "./i18n.js";

const PALETTE = ["#1f5fbf", "#c2410c", "#047857", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#be185d"];

/** The colour of the n-th series. */
export function seriesColor(n: number): string {
  return PALETTE[n % PALETTE.length] as string;
}

export interface Bar {
  label: string;
  value: number;
  tone?: "danger" | "warn" | "ok";
}

/** Horizontal bars with their values written at the end. */
export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const { t } = useI18n();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 28;
  const labelW = 170;
  const width = 460;
  const height = bars.length * row + 8;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width={width} height={height}>
        <title>{title}</title>
        {bars.map((b, i) => {
          const w = Math.round(((width - labelW - 50) * b.value) / max);
          const y = i * row + 4;
          return (
            <g key={b.label}>
              <text x={labelW - 8} y={y + 17} textAnchor="end" className="chart-label">
                <title>{b.label}</title>
                {b.label.length > 11 ? `${b.label.slice(0, 10)}…` : b.label}
              </text>
              <rect x={labelW} y={y + 4} width={Math.max(w, b.value > 0 ? 2 : 0)} height={row - 10} rx="3" className={`bar bar-${b.tone ?? "plain"}`} />
              <text x={labelW + w + 6} y={y + 17} className="chart-value">
                {b.value}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t("dash.chartTable")}</summary>
        <table>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{b.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export interface Series {
  name: string;
  /** One value per x label, 0–1, or null where there is nothing to divide by. */
  values: (number | null)[];
}

/** Percent lines over time, one per series, with a legend. */
export function RateChart({ title, xLabels, series }: { title: string; xLabels: string[]; series: Series[] }) {
  const { t } = useI18n();
  const width = 720;
  const height = 200;
  const left = 40;
  const bottom = 24;
  const plotW = width - left - 10;
  const plotH = height - bottom - 10;
  const x = (i: number) => left + (xLabels.length <= 1 ? plotW / 2 : (plotW * i) / (xLabels.length - 1));
  const y = (v: number) => 10 + plotH - plotH * v;
  const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width={width} height={height}>
        <title>{title}</title>
        {[0, 0.5, 1].map((g) => (
          <g key={g}>
            <line x1={left} x2={width - 10} y1={y(g)} y2={y(g)} className="grid" />
            <text x={left - 6} y={y(g) + 4} textAnchor="end" className="chart-label">
              {g * 100}%
            </text>
          </g>
        ))}
        {[0, Math.floor((xLabels.length - 1) / 2), xLabels.length - 1]
          .filter((i, k, a) => i >= 0 && a.indexOf(i) === k)
          .map((i) => (
            <text key={i} x={x(i)} y={height - 6} textAnchor={i === 0 ? "start" : i === xLabels.length - 1 ? "end" : "middle"} className="chart-label">
              {xLabels[i]?.slice(5)}
            </text>
          ))}
        {series.map((s, n) => {
          const pts = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
          // Breaks the line where a bucket has no events.
          const segments: string[][] = [[]];
          for (const p of pts) {
            if (p === null) segments.push([]);
            else segments.at(-1)?.push(p);
          }
          return (
            <g key={s.name} stroke={seriesColor(n)} fill={seriesColor(n)}>
              {segments.map((seg) => (seg.length > 1 ? <polyline key={seg[0]} points={seg.join(" ")} fill="none" strokeWidth="2" /> : null))}
              {pts.map((p) => (p ? <circle key={p} cx={p.split(",")[0]} cy={p.split(",")[1]} r="2.5" stroke="none" /> : null))}
            </g>
          );
        })}
      </svg>
      <ul className="legend">
        {series.map((s, n) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: seriesColor(n) }} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t("dash.chartTable")}</summary>
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("led.purpose")}</th>
                {xLabels.map((l) => (
                  <th key={l} scope="col">
                    {l.slice(5)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  {s.values.map((v, i) => (
                    <td key={xLabels[i]}>{pct(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
