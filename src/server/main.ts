import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { buildApp } from './app.js';
import { seedDemoIfEmpty } from './seed/demo.js';

/** Process start: config -> database -> migrations -> demo seed on first start -> app -> listen. */
async function main() {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await database.migrate();
  const { app, context } = await buildApp(config, database);
  const seeded = config.seedDemo ? await seedDemoIfEmpty(database.db, { password: config.demoPassword }) : null;
  context.audit.startSealer();
  const purge = setInterval(() => void context.sessions.purgeExpired().catch((err: unknown) => app.log.error({ err }, 'session purge failed')), 10 * 60_000);
  purge.unref();

  await app.listen({ host: config.host, port: config.port });
  const url = `http://${config.host}:${config.port}`;
  const where = config.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.database.dataDir}`;
  const lines = [
    ``,
    `Stepwise is running at ${url}`,
    `Database: ${where}`,
    `API docs: ${url}/api/docs`,
    `Public pages (no login): ${url}/callback and ${url}/check`,
    `Patient reminders: email via ${context.messaging.email}, text via ${context.messaging.sms}${context.messaging.email === 'log' || context.messaging.sms === 'log' ? ' (set SMTP_URL and SMS_URL + SMS_FROM to deliver)' : ''}`,
  ];
  if (seeded) {
    lines.push(``, `Seeded the demo practice "${seeded.organizationName}" (${seeded.clinics} clinics, ${seeded.patients} synthetic patients).`);
    lines.push(`Log in at ${url} with any of these accounts:`);
    for (const a of seeded.accounts) lines.push(`  ${a.role.padEnd(12)} ${a.email}`);
    lines.push(
      seeded.passwordGenerated
        ? `Password for all of them (generated now, shown only this once): ${seeded.password}`
        : `Password: the value of STEPWISE_DEMO_PASSWORD`,
    );
    lines.push(`The admin account asks you to set up an authenticator app (TOTP) at first login.`);
    if (seeded.patientPortal)
      lines.push(`Patient portal: ${url}/portal as ${seeded.patientPortal.email} (${seeded.patientPortal.name}, a synthetic patient), same password.`);
  } else {
    lines.push(`Log in at ${url} (demo accounts are <role>@demo.stepwise.test; their password was printed at the first start or is STEPWISE_DEMO_PASSWORD).`);
  }
  console.log(lines.join('\n') + '\n');

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
