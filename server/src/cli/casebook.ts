import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { loadConfig, ConfigError } from '../config.js';
import { connect } from '../db/connect.js';
import { EmbeddedDatabaseError } from '../db/embedded.js';
import { createSchema, printSdl } from '../schema.js';
import { fromRoot } from '../common/paths.js';

const USAGE = `Usage: npm run casebook -- <command> [options]

Commands:
  migrate                 apply pending database migrations
  status                  show which database is used and how many case studies it holds
  emit-schema [--out F]   write the GraphQL SDL (default: schema/schema.graphql)
`;

/** Errors a command reports to the user in one line, exit code 1. */
class CommandError extends Error {}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await connect(config, (message) => console.error(message));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new CommandError(`${name} needs a value`);
  return value;
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async migrate() {
    await withDatabase(async (db) => {
      const applied = await db.dataSource.query(`SELECT name FROM migration ORDER BY id`);
      console.log(`Database is up to date: ${(applied as unknown[]).length} migration(s) applied.`);
    });
  },
  async status() {
    await withDatabase(async (db) => {
      const [row] = (await db.dataSource.query('SELECT count(*)::int AS n FROM case_study')) as { n: number }[];
      const where = db.embedded ? `embedded PostgreSQL on port ${db.embedded.port}${db.embedded.owned ? '' : ' (shared with the running server)'}` : 'DATABASE_URL';
      console.log(`Database: ${where}. Case studies: ${row?.n ?? 0}.`);
    });
  },
  async 'emit-schema'(args) {
    const out = option(args, '--out') ?? fromRoot('schema', 'schema.graphql');
    await writeFile(out, printSdl(await createSchema()));
    console.log(`Wrote ${out}`);
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 1;
  }
  await command(args);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    if (error instanceof CommandError || error instanceof EmbeddedDatabaseError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
