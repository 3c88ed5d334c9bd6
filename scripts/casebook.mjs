// `npm run casebook`, `npm run seed`, `npm run db:migrate`: build the document core and the server
// only when they are missing or older than their sources (as `npm start` does), then run the
// command-line tool with the given arguments.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale, root } from './build-state.mjs';

/** The builds the command-line tool needs that are missing or stale, in build order. */
export function buildsToRun() {
  return ['schema', 'server'].filter((name) => isStale(name));
}

function main(args) {
  for (const name of buildsToRun()) {
    console.error(`Building the ${name} (its sources are newer than its build)…`);
    const result = spawnSync('npm', ['run', `build:${name}`, '--silent'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`The ${name} build failed; see the messages above.`);
      process.exit(result.status ?? 1);
    }
  }
  const cli = spawn(process.execPath, [path.join(root, 'server', 'dist', 'cli', 'casebook.js'), ...args], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the tool through the terminal; the launcher waits for it to finish.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => cli.kill(signal));
  cli.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
