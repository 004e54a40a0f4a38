import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Everything the server reads from its environment, parsed once. A bad value stops start-up with a clear message. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Where claim files are dropped for the clearinghouse's pickup (the file-drop submitter). */
  CLEARINGHOUSE_DIR: z.string().min(1).default('./data/clearinghouse/outbound'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
  STEPWISE_DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST_DIR: z.string().default('dist/web'),
  JOBS: z.enum(['on', 'off']).default('on'),
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  PUBLIC_REQUESTS_PER_PHONE_PER_DAY: z.coerce.number().int().min(1).default(3),
  PUBLIC_BASE_URL: z.url('must be a URL such as https://clinic.example').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be smtp://user:password@host:port (or smtps://)')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Stepwise <no-reply@stepwise.invalid>'),
  SMS_URL: z.url('must be the SMS provider’s messages URL, with credentials: https://SID:TOKEN@api.provider.example/...').optional(),
  SMS_FROM: z
    .string()
    .regex(/^\+1\d{10}$/, 'must be a US number in E.164 form, +1XXXXXXXXXX')
    .optional(),
  INBOUND_MESSAGES_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string | null };
  demoPassword: string | undefined;
  seedDemo: boolean;
  cookieSecure: boolean;
  session: { idleMs: number; absoluteMs: number };
  login: { maxFailures: number; lockMs: number; ratePerMinute: number };
  logLevel: string;
  webDistDir: string;
  /** Background jobs (lead escalation, notification delivery); every instance runs them, each job once per tick. */
  jobs: boolean;
  /** Abuse limits for the public callback and screening forms. */
  publicForms: { ratePerMinutePerIp: number; requestsPerPhonePerDay: number };
  /** Where patients reach the app (links in reminders); defaults to http://HOST:PORT. */
  publicBaseUrl: string;
  /** Patient messages: SMTP for email, an SMS provider's REST URL for texts; without them the log sender stands in. */
  messaging: { smtpUrl: string | null; mailFrom: string; smsUrl: string | null; smsFrom: string | null; inboundToken: string | null };
  /** Claim files (837P) go here for the clearinghouse to pick up: the file-drop submitter. */
  clearinghouseDir: string;
};

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SMS_URL && !e.SMS_FROM) throw new ConfigError('Invalid configuration:\n  SMS_FROM: is required with SMS_URL (the number texts come from)');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR) },
    demoPassword: e.STEPWISE_DEMO_PASSWORD,
    seedDemo: e.SEED_DEMO === 'auto',
    cookieSecure: e.COOKIE_SECURE,
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMs: e.LOGIN_LOCK_MINUTES * 60_000, ratePerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE },
    logLevel: e.LOG_LEVEL,
    webDistDir: path.resolve(e.WEB_DIST_DIR),
    jobs: e.JOBS === 'on',
    publicForms: { ratePerMinutePerIp: e.PUBLIC_RATE_LIMIT_PER_MINUTE, requestsPerPhonePerDay: e.PUBLIC_REQUESTS_PER_PHONE_PER_DAY },
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    messaging: {
      smtpUrl: e.SMTP_URL ?? null,
      mailFrom: e.MAIL_FROM,
      smsUrl: e.SMS_URL ?? null,
      smsFrom: e.SMS_FROM ?? null,
      inboundToken: e.INBOUND_MESSAGES_TOKEN ?? null,
    },
    clearinghouseDir: path.resolve(e.CLEARINGHOUSE_DIR),
  };
}

/** A config for tests: in-memory PGlite unless DATABASE_URL is given, quiet logs (TEST_LOG=error shows server faults). */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG ?? 'silent', SEED_DEMO: 'never', JOBS: 'off' });
  return {
    ...base,
    database: { kind: 'pglite', dataDir: null },
    clearinghouseDir: path.join(os.tmpdir(), `stepwise-clearinghouse-${process.pid}`),
    ...overrides,
  };
}
