/**
 * A score over time as an SVG line: severity bands shaded, treatment days marked, and optional baseline, response
 * and remission lines. Plain SVG with a text alternative, so the portal (no component library) and the staff app
 * share it. Bands: PHQ-9 5/10/15/20 (domain §6.1), GAD-7 5/10/15 (domain §6.2); PCL-5 has none published, only its
 * provisional cut-point 33 (domain §6.3).
 */
export type ChartPoint = { at: string; total: number };

const BANDS: Record<string, number[]> = { 'PHQ-9': [5, 10, 15, 20], 'GAD-7': [5, 10, 15], 'PCL-5': [33] };
const BAND_FILLS = ['#ecfdf5', '#fefce8', '#fff7ed', '#fef2f2', '#fee2e2'];

export function ScoreChart({
  instrument,
  maxTotal,
  points,
  treatmentDays = [],
  baseline = null,
  remissionBelow = null,
  title,
  labels = { treatment: 'Treatment day', baseline: 'Baseline', response: 'Response (half the baseline)', remission: 'Remission' },
}: {
  instrument: string;
  maxTotal: number;
  points: ChartPoint[];
  treatmentDays?: string[];
  baseline?: number | null;
  remissionBelow?: number | null;
  title: string;
  labels?: { treatment: string; baseline: string; response: string; remission: string };
}) {
  const W = 640;
  const H = 240;
  const pad = { l: 34, r: 12, t: 12, b: 28 };
  const times = [...points.map((p) => Date.parse(p.at)), ...treatmentDays.map((d) => Date.parse(d))];
  if (points.length === 0) return null;
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t1 - t0 < 86_400_000) {
    t0 -= 43_200_000;
    t1 += 43_200_000;
  }
  const x = (t: number) => pad.l + ((t - t0) / (t1 - t0)) * (W - pad.l - pad.r);
  const y = (v: number) => pad.t + (1 - v / maxTotal) * (H - pad.t - pad.b);
  const cuts = [0, ...(BANDS[instrument] ?? []), maxTotal];
  const sorted = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const line = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(Date.parse(p.at)).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ');
  const fmt = (t: number) => new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  // Labels alternate ends so lines close together (response and remission) do not print over each other.
  const hline = (v: number, color: string, dash: string, label: string, end: 'start' | 'end') => (
    <g>
      <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke={color} strokeWidth={1.5} strokeDasharray={dash} />
      {label && (
        <text x={end === 'end' ? W - pad.r - 4 : pad.l + 4} y={y(v) - 3} textAnchor={end} fontSize={11} fill={color}>
          {label}
        </text>
      )}
    </g>
  );
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}: ${sorted.map((p) => `${fmt(Date.parse(p.at))} ${p.total}`).join(', ')}`}
      >
        {cuts.slice(0, -1).map((c, i) => (
          <rect
            key={c}
            x={pad.l}
            width={W - pad.l - pad.r}
            y={y(cuts[i + 1] ?? maxTotal)}
            height={y(c) - y(cuts[i + 1] ?? maxTotal)}
            fill={BAND_FILLS[i] ?? '#fff'}
          />
        ))}
        {treatmentDays.map((d) => (
          <line key={d} x1={x(Date.parse(d))} x2={x(Date.parse(d))} y1={pad.t} y2={H - pad.b} stroke="#93c5fd" strokeWidth={2} />
        ))}
        {baseline !== null && hline(baseline, '#374151', '2 3', labels.baseline, 'end')}
        {baseline !== null && baseline > 0 && hline(baseline / 2, '#1d4ed8', '6 4', labels.response, 'start')}
        {remissionBelow !== null && hline(remissionBelow, '#047857', '6 4', labels.remission, 'end')}
        <path d={line} fill="none" stroke="#065f46" strokeWidth={2.5} />
        {sorted.map((p) => (
          <circle key={p.at} cx={x(Date.parse(p.at))} cy={y(p.total)} r={4.5} fill="#065f46" />
        ))}
        <line x1={pad.l} x2={pad.l} y1={pad.t} y2={H - pad.b} stroke="#6b7280" />
        <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} stroke="#6b7280" />
        {[0, maxTotal].map((v) => (
          <text key={v} x={pad.l - 4} y={y(v) + 4} textAnchor="end" fontSize={11} fill="#374151">
            {v}
          </text>
        ))}
        <text x={pad.l} y={H - 8} fontSize={11} fill="#374151">
          {fmt(t0)}
        </text>
        <text x={W - pad.r} y={H - 8} textAnchor="end" fontSize={11} fill="#374151">
          {fmt(t1)}
        </text>
      </svg>
      <figcaption className="legend">
        <span style={{ ['--c' as string]: '#065f46' }}>{title}</span>
        {treatmentDays.length > 0 && <span style={{ ['--c' as string]: '#93c5fd' }}>{labels.treatment}</span>}
      </figcaption>
    </figure>
  );
}
