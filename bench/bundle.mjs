// Builds the app and prints, in gzip bytes, the JavaScript and CSS that the first page and the
// Compare page load. Budget: 150 KB of gzipped JavaScript for the first page.
//   node bench/bundle.mjs
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'client', 'dist');
const BUDGET = 150 * 1024;

const build = spawnSync('npm', ['run', 'build:client', '--silent'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);

const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(path.join(dist, file))).length;

/** The files a chunk loads before it runs: itself, its static imports, and their CSS. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const child of manifest[key]?.imports ?? []) closure(child, seen);
  return seen;
}
function measure(keys) {
  const files = new Set();
  for (const key of keys) {
    const chunk = manifest[key];
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
  }
  let js = 0;
  let css = 0;
  for (const file of files) {
    if (file.endsWith('.js')) js += gz(file);
    else if (file.endsWith('.css')) css += gz(file);
  }
  return { js, css };
}

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const pageKey = (name) => Object.keys(manifest).find((k) => k.endsWith(`pages/${name}.vue`));
const first = closure(entry);
for (const key of closure(pageKey('HomePage'))) first.add(key);
const compare = new Set(first);
for (const key of closure(pageKey('ComparePage'))) compare.add(key);

const a = measure(first);
const b = measure(compare);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('| Page | JavaScript (gzip) | CSS (gzip) |');
console.log('| --- | ---: | ---: |');
console.log(`| First page (/) | ${kb(a.js)} | ${kb(a.css)} |`);
console.log(`| Compare page (/compare), first visit | ${kb(b.js)} | ${kb(b.css)} |`);
console.log('');
console.log(`First-page JavaScript: ${kb(a.js)} of a ${kb(BUDGET)} budget (ratio ${(a.js / BUDGET).toFixed(2)}).`);
const leaked = first.has(pageKey('ComparePage'));
console.log(
  leaked
    ? 'The first page loads the Compare page code: route splitting is broken.'
    : 'The Compare page code is not loaded by the first page.',
);
process.exit(a.js > BUDGET || leaked ? 1 : 0);
