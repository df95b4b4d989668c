import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
export const refsScript = join(root, 'scripts', 'parity', 'make_cnn_refs.py');
const PYTHON = '/usr/bin/python3';

/** Why the PyTorch references cannot be made here, or null when they can. */
export function torchUnavailable(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
  return r.status === 0 ? null : `${PYTHON} cannot import torch/torchvision (install python3-torch python3-torchvision): ${r.stderr.trim().split('\n').pop()}`;
}

/**
 * Runs make_cnn_refs.py `cmd` into test/.cache/<name> unless a previous run of the same script
 * version finished there (the checkpoints are hundreds of MB: made once, never committed).
 */
export function ensureRefs(cmd: 'refs' | 'bench', name: string, cacheRoot = join(root, 'test', '.cache')): string {
  const out = join(cacheRoot, name);
  const stamp = join(out, 'stamp');
  const version = createHash('sha256').update(readFileSync(refsScript)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return out;
  const r = spawnSync(PYTHON, [refsScript, cmd, '--out', out], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.status !== 0) throw new Error(`make_cnn_refs.py ${cmd} failed: ${r.stderr}`);
  writeFileSync(stamp, version);
  return out;
}
