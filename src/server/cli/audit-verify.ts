import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { AuditTrail, verifyAuditChain } from '../platform/audit/audit-trail.js';

/** `npm run audit:verify`: seals pending events, then recomputes the whole chain. Exit code 1 when it is broken. */
const config = loadConfig();
const database = await openDatabase(config.database);
await database.migrate();
const sealed = await new AuditTrail(database.db, console).seal();
const result = await verifyAuditChain(database.db);
await database.close();
if (result.ok) {
  console.log(
    `Audit chain intact: ${result.sealed.toLocaleString('en-US')} events in ${result.seals.toLocaleString('en-US')} seals verified (${sealed} sealed just now, ${result.unsealed} written by transactions still open).`,
  );
} else {
  console.error(`AUDIT CHAIN BROKEN at seal ${result.firstBrokenSeq}: ${result.problem}. The ${result.sealed} events before it verify.`);
  process.exit(1);
}
