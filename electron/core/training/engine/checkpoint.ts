import * as tf from '../../tf/tf';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describingIo } from '../io-failure';

/** What a checkpoint holds besides tensors (nanoGPT-style: model, optimizer, config, step, best metric). */
export interface CheckpointMeta {
  epoch: number;
  step: number;
  optimizerStep: number;
  bestValLoss: number | null;
  bestEpoch: number;
  epochsWithoutImprovement: number;
  config: Record<string, unknown>;
}

/**
 * One file: 4-byte header length, JSON header (meta + tensor index), raw float32 data. Written to a
 * temporary name and renamed, so a kill mid-write leaves the previous checkpoint intact.
 */
export async function saveCheckpoint(path: string, meta: CheckpointMeta, tensors: Map<string, tf.Tensor>): Promise<{ bytes: number; sha256: string }> {
  const index: Array<{ name: string; shape: number[]; offset: number; length: number }> = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    const data = (await t.data()) as Float32Array;
    const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
    index.push({ name, shape: t.shape, offset, length: f32.length });
    chunks.push(Buffer.from(f32.buffer, f32.byteOffset, f32.byteLength));
    offset += f32.byteLength;
  }
  const header = Buffer.from(JSON.stringify({ format: 'studio-ckpt-1', meta, tensors: index }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const body = Buffer.concat([len, header, ...chunks]);
  const tmp = `${path}.tmp`;
  // A full disk must not leave a half-written .tmp behind (it would keep the disk full); the last good checkpoint stays.
  describingIo(`writing checkpoint ${basename(path)}`, () => {
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(tmp, body);
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  });
  return { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
}

export function loadCheckpoint(path: string): { meta: CheckpointMeta; tensors: Map<string, tf.Tensor> } {
  const buf = readFileSync(path);
  const hlen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + hlen).toString()) as {
    format: string;
    meta: CheckpointMeta;
    tensors: Array<{ name: string; shape: number[]; offset: number; length: number }>;
  };
  if (header.format !== 'studio-ckpt-1') throw new Error(`${path} is not a Transfer Studio checkpoint`);
  const base = 4 + hlen;
  const tensors = new Map<string, tf.Tensor>();
  for (const t of header.tensors) {
    const out = new Float32Array(t.length);
    Buffer.from(out.buffer).set(buf.subarray(base + t.offset, base + t.offset + t.length * 4));
    tensors.set(t.name, tf.tensor(out, t.shape));
  }
  return { meta: header.meta, tensors };
}
