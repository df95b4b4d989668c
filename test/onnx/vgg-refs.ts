import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'onnx', 'make_small_vgg_refs.py');
const deps = [script, join(root, 'scripts', 'parity', 'make_cnn_refs.py')];

/** Makes the small-VGG references once into test/.cache/onnx-vgg-refs (re-made when either script changes). */
export function ensureSmallVggRefs(): string {
  const out = join(root, 'test', '.cache', 'onnx-vgg-refs');
  const stamp = join(out, 'stamp');
  const h = createHash('sha256');
  for (const f of deps) h.update(readFileSync(f));
  const version = h.digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return out;
  const r = spawnSync('/usr/bin/python3', [script, '--out', out], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.status !== 0) throw new Error(`make_small_vgg_refs.py failed: ${r.stderr}`);
  writeFileSync(stamp, version);
  return out;
}
