import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
export const refsScript = join(root, 'scripts', 'parity', 'make_cnn_refs.py');
const PYTHON = '/usr/bin/python3';

let probed: { reason: string | null; versions: string } | null = null;
function probeTorch(): { reason: string | null; versions: string } {
  if (probed) return probed;
  if (!existsSync(PYTHON)) return (probed = { reason: `${PYTHON} not found`, versions: '' });
  const r = spawnSync(PYTHON, ['-c', 'import torch, torchvision; print(torch.__version__, torchvision.__version__)'], { encoding: 'utf8' });
  probed =
    r.status === 0
      ? { reason: null, versions: r.stdout.trim() }
      : { reason: `${PYTHON} cannot import torch/torchvision (install python3-torch python3-torchvision): ${r.stderr.trim().split('\n').pop()}`, versions: '' };
  return probed;
}

/** Why the PyTorch references cannot be made here, or null when they can. */
export function torchUnavailable(): string | null {
  return probeTorch().reason;
}

/**
 * Where references are kept between runs and between clones: the checkpoints are hundreds of MB
 * (full-size ResNet-50 and VGG-16), so they are made once per machine, never committed.
 * STUDIO_TEST_CACHE moves it (CI can cache that folder); the default is the user's cache folder.
 */
export function referenceCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.STUDIO_TEST_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'transfer-studio', 'test-refs');
}

/**
 * The references make_cnn_refs.py `cmd` writes, made unless a finished set for the same script,
 * torch and torchvision already exists. They are written to a private folder and renamed into place,
 * so two test files asking at once never read a half-written set, and a killed run leaves none.
 */
export function ensureRefs(cmd: 'refs' | 'bench', name: string, cacheRoot = referenceCacheRoot()): string {
  const version = createHash('sha256').update(readFileSync(refsScript)).update(probeTorch().versions).digest('hex').slice(0, 16);
  const out = join(cacheRoot, `${name}-${version}`);
  if (existsSync(join(out, 'stamp'))) return out;
  mkdirSync(cacheRoot, { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const r = spawnSync(PYTHON, [refsScript, cmd, '--out', tmp], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`make_cnn_refs.py ${cmd} failed: ${r.stderr}`);
  }
  writeFileSync(join(tmp, 'stamp'), version);
  try {
    renameSync(tmp, out);
  } catch {
    // Another process finished the same set first: use theirs.
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
