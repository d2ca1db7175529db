import { parseArgs } from 'node:util';
import { ROLES, type Role, translate } from '@trellis/core';
import { createTrellis, startTrellis } from './app.js';
import { createUser, findUserByEmail } from './modules/directory/index.js';
import { ImportUsageError, importCommand } from './modules/migration/migration.cli.js';
import { reindexWorkRecords } from './modules/search/index.js';
import { createApiToken } from './platform/auth/sessions.js';
import { backup, restore } from './platform/backup.js';
import { type Config, ConfigError, loadConfig } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { AppError } from './platform/errors.js';
import { EventBus } from './platform/events.js';
import { inTransaction } from './platform/unit-of-work.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from './seed/demo.js';

const HELP = `Trellis — IT service management

Usage: npm run trellis -- <command> [options]

  start                          migrate, seed on first run, serve the web app and API
  migrate                        apply database migrations
  seed --demo                    load the demo data set (only into an empty database)
  user create --email E --name N --role R --password P [--org CODE]
                                 create a user (roles: ${ROLES.join(', ')})
  token create --email E --name N
                                 create an API token for a user and print it once
  backup --out FILE              back up the database (SQLite file copy or pg_dump)
  restore --from FILE            restore a backup (stop the app first)
  search reindex                 rebuild the search index of every work record
  import <format> <file|folder> [--org CODE] [--dry-run] [--as ADMIN_EMAIL] [--source NAME]
         [--utc-offset +08:00] [--lang zh-CN|en-US] [--report FILE]
                                 bring tickets from another system (formats: csv, xlsx, rt,
                                 glpi, zammad); see docs/migrating.md

Configuration comes from environment variables; see the README.`;

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

function required(values: Record<string, unknown>, ...names: string[]) {
  for (const name of names) if (typeof values[name] !== 'string' || !values[name]) fail(`--${name} is required`);
}

async function withServices<T>(
  config: Config,
  work: (s: { db: ReturnType<typeof openDatabase>['db']; dialect: 'sqlite' | 'postgres'; bus: EventBus }) => Promise<T>,
) {
  const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
    return await work({ db: handle.db, dialect: handle.dialect, bus: new EventBus() });
  } finally {
    await handle.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  const args =
    command === 'user' || command === 'token' || command === 'search'
      ? rest
      : command === 'import'
        ? rest.slice(1)
        : [sub, ...rest].filter((a): a is string => a !== undefined);
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      org: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      demo: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      as: { type: 'string' },
      source: { type: 'string' },
      'utc-offset': { type: 'string' },
      lang: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (!command || values.help || command === 'help') {
    console.log(HELP);
    return;
  }
  const config = loadConfig();

  switch (command) {
    case 'start': {
      const trellis = await startTrellis();
      const shutdown = async () => {
        await trellis.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      const where = config.databaseUrl ? 'PostgreSQL' : `SQLite ${trellis.database.sqlitePath}`;
      console.log(`\nTrellis is running at ${trellis.url}  (database: ${where})`);
      if (trellis.seeded.admin) console.log(`Administrator created: ${trellis.seeded.admin}`);
      const demo = await trellis.database.db
        .selectFrom('users')
        .select('email')
        .where(
          'email',
          'in',
          DEMO_ACCOUNTS.map((a) => a.email),
        )
        .execute();
      if (demo.length) {
        console.log(`\nDemo accounts (password ${DEMO_PASSWORD}):`);
        for (const account of DEMO_ACCOUNTS)
          console.log(`  ${account.email.padEnd(26)} ${account.role.padEnd(16)} ${account.name}`);
      }
      console.log('');
      return;
    }
    case 'migrate': {
      const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      try {
        const result = await migrateToLatest(handle.db);
        const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await handle.close();
      }
      return;
    }
    case 'seed': {
      if (!values.demo) fail('only "seed --demo" is available');
      const trellis = await createTrellis(config);
      try {
        const anyOrg = await trellis.database.db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
        if (anyOrg) fail('the database already has organisations; demo data goes only into an empty database');
        await loadDemoData(trellis);
        console.log('demo data loaded');
      } finally {
        await trellis.close();
      }
      return;
    }
    case 'user': {
      if (sub !== 'create') fail('usage: user create --email E --name N --role R --password P [--org CODE]');
      required(values, 'email', 'name', 'role', 'password');
      if (!ROLES.includes(values.role as Role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      await withServices(config, async (services) => {
        const org = await services.db
          .selectFrom('organizations')
          .select('id')
          .$if(!!values.org, (q) => q.where('code', '=', values.org!))
          .$if(!values.org, (q) => q.where('kind', '=', 'provider'))
          .executeTakeFirst();
        if (!org)
          fail(
            values.org ? `no organisation with code ${values.org}` : 'no provider organisation yet; pass --org CODE',
          );
        const user = await inTransaction(services, null, (tx) =>
          createUser({
            tx,
            input: {
              email: values.email!,
              name: values.name!,
              role: values.role as Role,
              organizationId: org.id,
              locale: 'zh-CN',
              password: values.password!,
            },
          }),
        );
        console.log(`created ${user.role} ${user.email} (${user.id})`);
      });
      return;
    }
    case 'token': {
      if (sub !== 'create') fail('usage: token create --email E --name N');
      required(values, 'email', 'name');
      await withServices(config, async ({ db }) => {
        const user = await findUserByEmail(db, values.email!);
        if (!user) fail(`no user ${values.email}`);
        const { token } = await createApiToken(db, { userId: user.id, name: values.name! });
        console.log(token);
      });
      return;
    }
    case 'backup': {
      required(values, 'out');
      const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
      await handle.close();
      console.log(
        `backup written to ${await backup({ sqlitePath: handle.sqlitePath, databaseUrl: config.databaseUrl, target: values.out! })}`,
      );
      return;
    }
    case 'restore': {
      required(values, 'from');
      const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
      await handle.close();
      await restore({ sqlitePath: handle.sqlitePath, databaseUrl: config.databaseUrl, source: values.from! });
      console.log(`restored from ${values.from}`);
      return;
    }
    case 'search': {
      if (sub !== 'reindex') fail('usage: search reindex');
      await withServices(config, async (services) => {
        const count = await reindexWorkRecords(services, { onProgress: (n) => process.stdout.write(`\rindexed ${n}`) });
        console.log(`\nsearch index rebuilt: ${count} records`);
      });
      return;
    }
    case 'import': {
      const input = rest[0];
      if (!sub || !input) fail('usage: import <csv|xlsx|rt|glpi|zammad> <file|folder> [--org CODE] [--dry-run]');
      if (values.lang && values.lang !== 'zh-CN' && values.lang !== 'en-US') fail('--lang is zh-CN or en-US');
      const trellis = await createTrellis(config);
      try {
        const summary = await importCommand(trellis, {
          format: sub,
          input,
          org: values.org,
          dryRun: values['dry-run'],
          as: values.as,
          source: values.source,
          utcOffset: values['utc-offset'],
          locale:
            (values.lang as 'zh-CN' | 'en-US' | undefined) ?? (process.env.LANG?.startsWith('en') ? 'en-US' : 'zh-CN'),
          report: values.report,
        });
        // Rejected records are reported above; the exit code lets a script notice them too.
        if (summary.rejected > 0) process.exitCode = 3;
      } catch (err) {
        if (err instanceof ImportUsageError) fail(err.message);
        throw err;
      } finally {
        await trellis.close();
      }
      return;
    }
    default:
      fail(`unknown command "${command}"\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) fail(err.message);
  // A refused input (a weak password, a taken address) is a message for the operator, in both languages.
  if (err instanceof AppError && err.status < 500)
    fail(`${translate('zh-CN', err.code, err.params)} / ${translate('en-US', err.code, err.params)}`);
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE')
    fail(`port ${(err as { port?: number }).port} is already in use; start Trellis on another with PORT=…`);
  if (code === 'ECONNREFUSED') fail(`cannot reach the database: ${(err as Error).message}`);
  if (err instanceof Error && 'code' in err && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
    fail(err.message);
  console.error(err);
  process.exit(1);
});
