// `npm start`: builds what is missing or stale, then runs the server in the foreground.
import { spawn, spawnSync } from 'node:child_process';
import { isStale, root } from './build-state.mjs';

// In build order: the server and the client import the document core.
for (const name of ['schema', 'server', 'client']) {
  if (isStale(name)) {
    console.log(`Building the ${name}…`);
    const result = spawnSync('npm', ['run', `build:${name}`, '--silent'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`The ${name} build failed; see the messages above.`);
      process.exit(result.status ?? 1);
    }
  }
}

const server = spawn(process.execPath, ['server/dist/main.js'], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
