// Freshness checks run by `npm test`: the committed SDL, JSON Schemas and generated client code
// must match what the code produces now.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './build-state.mjs';

const temp = mkdtempSync(path.join(os.tmpdir(), 'casebook-fresh-'));
const problems = [];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`${command} ${args.join(' ')} failed`);
  }
}

try {
  const emitted = path.join(temp, 'schema');
  run(process.execPath, ['server/dist/cli/casebook.js', 'emit-schema', '--dir', emitted]);
  for (const name of readdirSync(emitted)) {
    const committed = path.join(root, 'schema', name);
    if (!existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(path.join(emitted, name), 'utf8')) {
      problems.push(
        `schema/${name} differs from what the code builds: run \`npm run build:server && npm run schema:emit\` and commit it.`,
      );
    }
  }

  const generated = path.join(temp, 'gql');
  run('npx', ['graphql-codegen', '--config', 'client/codegen.ts', '--silent'], {
    CASEBOOK_CODEGEN_OUT: `${generated}/`,
  });
  const committedDir = path.join(root, 'client', 'src', 'gql');
  const names = new Set([...readdirSync(generated), ...(existsSync(committedDir) ? readdirSync(committedDir) : [])]);
  for (const name of names) {
    const fresh = path.join(generated, name);
    const kept = path.join(committedDir, name);
    if (!existsSync(fresh) || !existsSync(kept) || readFileSync(fresh, 'utf8') !== readFileSync(kept, 'utf8')) {
      problems.push(`client/src/gql/${name} is stale: run \`npm run codegen\` and commit it.`);
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

if (problems.length) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log('Schema and generated client code are fresh.');
