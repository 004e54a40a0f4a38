/**
 * The architecture's arrows (docs/ARCHITECTURE.md): web -> contracts -> domain; server modules -> domain,
 * contracts, platform, db; domain imports nothing of ours; a module uses another only through its index.ts.
 */
module.exports = {
  forbidden: [
    { name: 'domain-is-pure', severity: 'error', from: { path: '^src/domain' }, to: { path: '^src/(contracts|server|web)' } },
    { name: 'contracts-only-domain', severity: 'error', from: { path: '^src/contracts' }, to: { path: '^src/(server|web)' } },
    { name: 'web-not-server', severity: 'error', from: { path: '^src/web' }, to: { path: '^src/server' } },
    { name: 'server-not-web', severity: 'error', from: { path: '^src/server' }, to: { path: '^src/web' } },
    { name: 'platform-not-modules', severity: 'error', from: { path: '^src/server/platform' }, to: { path: '^src/server/modules' } },
    {
      name: 'modules-through-index',
      severity: 'error',
      comment: 'One module reaches another only through that module\'s index.ts',
      from: { path: '^src/server/modules/([^/]+)/' },
      to: { path: '^src/server/modules/([^/]+)/', pathNot: ['^src/server/modules/$1/', '^src/server/modules/[^/]+/index\\.ts$'] },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, viaOnly: { pathNot: ['\\.d\\.ts$'] } } },
    // A route is a short pipeline: it calls its service, never a repository.
    { name: 'routes-not-repositories', severity: 'error', from: { path: '^src/server/modules/.+\\.routes\\.ts$' }, to: { path: '\\.repository\\.ts$' } },
    // Services and routes build no SQL: queries live in repositories.
    { name: 'services-build-no-sql', severity: 'error', from: { path: '^src/server/modules/.+\\.(service|routes)\\.ts$' }, to: { path: 'node_modules/drizzle-orm' } },
    // One owner per table: a module imports only its own schema file (other modules' data through their index.ts).
    // The auth module keeps the credential columns of the users row (schema/users.ts).
    {
      name: 'tables-only-by-their-owner',
      severity: 'error',
      from: { path: '^src/server/modules/([^/]+)/', pathNot: '^src/server/modules/auth/' },
      to: { path: '^src/server/db/schema/', pathNot: '^src/server/db/schema/$1\\.ts$' },
    },
    { name: 'auth-uses-the-users-row', severity: 'error', from: { path: '^src/server/modules/auth/' }, to: { path: '^src/server/db/schema/', pathNot: ['^src/server/db/schema/users\\.ts$'] } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.(int\\.)?test\\.ts$' },
  },
};
