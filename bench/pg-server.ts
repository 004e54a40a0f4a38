import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL server for benchmarks, in a folder that is kept between runs so the seeded network is reused.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user.
 */
export function startBenchPostgres(dataDir: string, port: number): { url: string; stop(): void } {
  const dir = path.resolve(dataDir);
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    execFileSync(file, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
  };
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    fs.mkdirSync(dir, { recursive: true });
    if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', path.dirname(dir)]);
    run(`${PG_BIN}/initdb`, ['-D', dir, '-A', 'trust', '-U', 'stepwise', '--no-sync', '-E', 'UTF8']);
  }
  const options = [
    `-p ${port}`,
    '-k /tmp',
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=300',
    '-c shared_buffers=1GB',
    '-c effective_cache_size=4GB',
    '-c work_mem=16MB',
    '-c max_wal_size=4GB',
    '-c checkpoint_timeout=15min',
  ].join(' ');
  spawnSync(asRoot ? 'runuser' : `${PG_BIN}/pg_ctl`, [...(asRoot ? ['-u', 'postgres', '--', `${PG_BIN}/pg_ctl`] : []), '-D', dir, 'stop', '-m', 'fast'], {
    stdio: 'ignore',
  });
  run(`${PG_BIN}/pg_ctl`, ['-D', dir, '-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  // The app and pgbench reach it over its Unix socket: on these VMs a TCP loopback hop costs more than the query.
  const url = `postgres://stepwise@localhost/postgres?host=/tmp&port=${port}`;
  return { url, stop: () => run(`${PG_BIN}/pg_ctl`, ['-D', dir, '-m', 'fast', '-w', 'stop']) };
}

export function pgbenchPath(): string {
  return `${PG_BIN}/pgbench`;
}
