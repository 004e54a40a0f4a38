import http from 'node:http';

export type OpenLoopResult = { sent: number; completed: number; non2xx: number; errors: number; durationSeconds: number; p50Ms: number; p99Ms: number };

type NextRequest = () => { method: string; path: string; body?: string | undefined };

/**
 * An open-loop load generator: requests are offered at `rate` per second with exponentially distributed gaps
 * (Poisson arrivals), over at most `connections` keep-alive sockets. Latency is measured from the moment a request
 * was due, not from when a socket became free, so queueing in the client counts (no coordinated omission).
 * autocannon's overallRate starts every connection in phase, which offers requests in bursts of `connections`.
 */
export async function openLoop(options: {
  base: string;
  headers: Record<string, string>;
  rate: number;
  connections: number;
  seconds: number;
  next: NextRequest;
  onBody?: ((status: number, body: string) => void) | undefined;
}): Promise<OpenLoopResult> {
  const url = new URL(options.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let sent = 0;
  let non2xx = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const end = started + options.seconds * 1000;
  let due = started;

  const fire = (dueAt: number) => {
    const r = options.next();
    const p = new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: r.method,
          path: r.path,
          agent,
          headers: { ...options.headers, ...(r.body ? { 'content-length': Buffer.byteLength(r.body) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - dueAt);
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) non2xx++;
            options.onBody?.(status, Buffer.concat(chunks).toString('utf8'));
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      if (r.body) req.write(r.body);
      req.end();
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  };

  while (due < end) {
    const now = performance.now();
    while (due <= now && due < end) {
      fire(due);
      sent++;
      due += -Math.log(1 - Math.random()) * (1000 / options.rate);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(due - performance.now(), 5))));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const pick = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
  return { sent, completed: sorted.length, non2xx, errors, durationSeconds: options.seconds, p50Ms: pick(0.5), p99Ms: pick(0.99) };
}
