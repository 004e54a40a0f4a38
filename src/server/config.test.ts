import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to PGlite in ./data on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(3000);
    expect(c.database).toMatchObject({ kind: 'pglite' });
    expect((c.database as { dataDir: string }).dataDir).toMatch(/\/data$/);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and honours PORT, HOST and DATA_DIR', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x' }).database).toMatchObject({ kind: 'postgres', url: 'postgres://u:p@db:5432/x' });
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/tmp/sw' });
    expect([c.port, c.host, (c.database as { dataDir: string }).dataDir]).toEqual([8080, '0.0.0.0', '/tmp/sw']);
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', STEPWISE_DEMO_PASSWORD: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', STEPWISE_DEMO_PASSWORD: 'short' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL: must start with postgres/);
      expect((e as Error).message).toMatch(/STEPWISE_DEMO_PASSWORD/);
    }
  });
});
