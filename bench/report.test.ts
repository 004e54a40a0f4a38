import { describe, expect, it } from 'vitest';
import { meetsTarget, parsePgbench, toMarkdown, type BenchReport, type Measurement } from './report.js';

const targets = { readsPerSecond: 7000, writesPerSecond: 1400, p99Ms: 25 };
const m = (o: Partial<Measurement>): Measurement => ({
  scenario: 'read',
  concurrency: 64,
  offeredRate: null,
  requestsPerSecond: 8000,
  p50Ms: 5,
  p99Ms: 20,
  errors: 0,
  non2xx: 0,
  floor: null,
  serverRssMb: 150,
  ...o,
});

describe('benchmark report', () => {
  it('parses pgbench summaries', () => {
    const out = 'latency average = 3.456 ms\ninitial connection time = 12.3 ms\ntps = 18519.123456 (without initial connection time)\n';
    expect(parsePgbench(out)).toEqual({ tps: 18519.123456, avgLatencyMs: 3.456 });
    expect(parsePgbench('error')).toBeNull();
  });

  it.each([
    ['closed loop above target throughput', m({}), true],
    ['closed loop below target throughput', m({ requestsPerSecond: 6999 }), false],
    ['closed loop latency is not judged', m({ p99Ms: 90 }), true],
    ['open loop at target rate with p99 in bound', m({ offeredRate: 7000, requestsPerSecond: 6990, p99Ms: 12 }), true],
    ['open loop p99 too slow', m({ offeredRate: 7000, requestsPerSecond: 7000, p99Ms: 26 }), false],
    ['open loop that could not keep the rate', m({ offeredRate: 7000, requestsPerSecond: 6500, p99Ms: 10 }), false],
    ['errors fail the cell', m({ non2xx: 1 }), false],
    ['writes judged against the write target', m({ scenario: 'write: patient update', requestsPerSecond: 1500 }), true],
    ['other concurrencies are not judged', m({ concurrency: 16 }), null],
    ['the baseline is not judged', m({ scenario: 'baseline: session check' }), null],
  ])('%s', (_l, measurement, expected) => {
    expect(meetsTarget(measurement, targets)).toBe(expected);
  });

  it('renders a markdown row per measurement with the app/floor ratio', () => {
    const r: BenchReport = {
      startedAt: 'now',
      machine: { cpus: 2, memoryGb: 24, node: 'v20', postgres: 'PostgreSQL 15' },
      network: { patients: 100000, locations: 50 },
      durationSeconds: 10,
      targets,
      results: [m({ floor: { tps: 16000, avgLatencyMs: 4 } })],
    };
    const md = toMarkdown(r);
    expect(md).toContain('| read | 64 | closed | 8,000 | 5.0 | 20.0 | 0 | 16,000 | 4.00 | 0.50 | 150 | met |');
  });
});

it('labels how an open loop offered its requests', () => {
  const r: BenchReport = {
    startedAt: 'now',
    machine: { cpus: 2, memoryGb: 24, node: 'v20', postgres: 'PostgreSQL 15' },
    network: { patients: 1, locations: 1 },
    durationSeconds: 10,
    targets,
    results: [m({ scenario: 'write: x', offeredRate: 1400, arrivals: 'poisson', requestsPerSecond: 1400, p99Ms: 20 })],
  };
  expect(toMarkdown(r)).toContain('| write: x | 64 | open 1,400/s (poisson) | 1,400 |');
});
