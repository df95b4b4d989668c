import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';
export const repoRoot = join(__dirname, '..', '..');

/** Why /usr/bin/python3 cannot give PIL (and `extra` modules) references here, or null when it can. */
export function pilUnavailable(extra: readonly string[] = []): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const mods = ['PIL', 'numpy', ...extra];
  const r = spawnSync(PYTHON, ['-c', `import ${mods.join(', ')}`], { encoding: 'utf8' });
  if (r.status === 0) return null;
  return `${PYTHON} cannot import ${mods.join(', ')} (apt-get install python3-pil python3-numpy${extra.includes('skimage') ? ' python3-skimage' : ''}): ${r.stderr.trim().split('\n').pop()}`;
}

/** Runs a script under scripts/ with /usr/bin/python3; throws with its stderr when it fails. */
export function runPython(script: string, args: readonly string[], timeoutMs = 120_000): string {
  const r = spawnSync(PYTHON, [join(repoRoot, 'scripts', script), ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return r.stdout;
}
