// `npm run checks`: both typechecks and the linter at once. Each is one single-threaded process that
// spends its time on CPU, so on a 2-core machine running them side by side takes about the time of the
// longest instead of the sum. Output is held per check and printed whole, in a fixed order, so a failure
// reads the same as when they ran one after another.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const checks = [
  { name: 'typecheck (node)', cmd: bin('tsc'), args: ['-p', 'tsconfig.node.json', '--noEmit'] },
  { name: 'typecheck (web)', cmd: bin('tsc'), args: ['-p', 'tsconfig.web.json', '--noEmit'] },
  { name: 'lint', cmd: bin('eslint'), args: ['.'] },
];

function run({ name, cmd, args }) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ name, code: 1, out: `${out}${err.message}\n`, seconds: 0 }));
    child.on('close', (code) => resolve({ name, code: code ?? 1, out, seconds: (Date.now() - t0) / 1000 }));
  });
}

const results = await Promise.all(checks.map(run));
let failed = 0;
for (const r of results) {
  process.stdout.write(`${r.code === 0 ? '✓' : '✗'} ${r.name} (${r.seconds.toFixed(1)} s)\n${r.out}`);
  if (r.code !== 0) failed++;
}
process.exit(failed ? 1 : 0);
