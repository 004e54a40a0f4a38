export type Measurement = {
  scenario: string;
  concurrency: number;
  /** Requests per second the load generator offered (open loop), or null for as fast as answers come (closed loop). */
  offeredRate: number | null;
  /** How an open loop's requests arrived: Poisson (our generator) or autocannon's per-connection bursts. */
  arrivals?: 'poisson' | 'bursts';
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** PostgreSQL alone running the same statements at the same concurrency (pgbench). */
  floor: { tps: number; avgLatencyMs: number } | null;
  serverRssMb: number | null;
};

export type BenchReport = {
  startedAt: string;
  machine: { cpus: number; memoryGb: number; node: string; postgres: string };
  network: { patients: number; locations: number };
  durationSeconds: number;
  targets: { readsPerSecond: number; writesPerSecond: number; p99Ms: number };
  results: Measurement[];
};

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Whether a measurement meets the developers' guide targets. Judged only at 64 connections: a closed-loop cell
 * must reach the target throughput; an open-loop cell at the target rate must serve it (within 2%) with p99
 * under the bound. Errors fail a cell. Other cells are not judged (null).
 */
export function meetsTarget(m: Measurement, targets: BenchReport['targets']): boolean | null {
  if (m.concurrency !== 64 || m.scenario.startsWith('baseline')) return null;
  const rps = m.scenario.startsWith('write') ? targets.writesPerSecond : targets.readsPerSecond;
  if (m.errors > 0 || m.non2xx > 0) return false;
  if (m.offeredRate === null) return m.requestsPerSecond >= rps;
  return m.requestsPerSecond >= rps * 0.98 && m.p99Ms <= targets.p99Ms;
}

/** The markdown table written beside the JSON results. */
export function toMarkdown(r: BenchReport): string {
  const lines = [
    `# Stepwise benchmark, ${r.startedAt}`,
    '',
    `${fmt(r.network.patients)} patients, ${r.network.locations} clinics · ${r.machine.cpus} cores, ${r.machine.memoryGb} GB · Node ${r.machine.node} · ${r.machine.postgres} · ${r.durationSeconds}s per cell`,
    `Targets at 64 connections: reads ≥ ${fmt(r.targets.readsPerSecond)}/s, writes ≥ ${fmt(r.targets.writesPerSecond)}/s, p99 ≤ ${r.targets.p99Ms} ms.`,
    '',
    'Closed loop: each connection sends its next request when the last is answered (the most the app serves).',
    'Open loop: requests offered at the target rate; the p99 there is the latency a clinic sees at that load.',
    'Poisson: random arrivals, latency counted from when each request was due. Bursts: autocannon overallRate, whose connections fire in phase (a harsher, bursty load).',
    '',
    '| scenario | conns | load | req/s | p50 ms | p99 ms | errors | PostgreSQL floor tx/s | floor avg ms | app / floor | server RSS MB | target |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
  ];
  for (const m of r.results) {
    const ok = meetsTarget(m, r.targets);
    lines.push(
      `| ${m.scenario} | ${m.concurrency} | ${m.offeredRate ? `open ${fmt(m.offeredRate)}/s${m.arrivals ? ` (${m.arrivals})` : ''}` : 'closed'} | ${fmt(m.requestsPerSecond)} | ${fmt(m.p50Ms, 1)} | ${fmt(m.p99Ms, 1)} | ${m.errors + m.non2xx} | ${m.floor ? fmt(m.floor.tps) : '—'} | ${m.floor ? fmt(m.floor.avgLatencyMs, 2) : '—'} | ${m.floor ? fmt(m.requestsPerSecond / m.floor.tps, 2) : '—'} | ${m.serverRssMb ?? '—'} | ${ok === null ? '' : ok ? 'met' : 'missed'} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Reads pgbench's summary: "tps = 1234.5 (without initial connection time)" and "latency average = 1.2 ms". */
export function parsePgbench(output: string): { tps: number; avgLatencyMs: number } | null {
  const tps = /tps = ([\d.]+)/.exec(output);
  const lat = /latency average = ([\d.]+) ms/.exec(output);
  if (!tps || !lat) return null;
  return { tps: Number(tps[1]), avgLatencyMs: Number(lat[1]) };
}
