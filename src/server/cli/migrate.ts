import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';

const config = loadConfig();
const database = await openDatabase(config.database);
await database.migrate();
console.log(`Migrations applied (${database.kind}).`);
await database.close();
