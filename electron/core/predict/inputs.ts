import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../images/decode';
import { decodeFailureReason } from '../images/reasons';
import { StudioError } from '../../../shared/api/errors';
import type { PlanItem } from '../training/data/types';
import { scanForPath } from '../datasets/import-job';
import { decodeTextFile, isTextFileName } from '../datasets/text-files';

/** A dropped image (name + base64 bytes), as the renderer sends it to predict and explain. */
export interface DroppedImage {
  name: string;
  data: string;
}

/**
 * Writes one dropped image into `dir` for the model process, after checking the studio can decode it
 * (so a bad drop gets its own clear error here, not a worker failure later).
 */
export async function stageDroppedImage(dir: string, img: DroppedImage, index: number): Promise<PlanItem> {
  const buf = Buffer.from(img.data, 'base64');
  try {
    await decodeImage(buf);
  } catch {
    throw new StudioError('bad_input', `${img.name} is not an image the studio can read.`);
  }
  const hash = createHash('sha256').update(buf).digest('hex');
  const path = join(dir, `${index}-${hash.slice(0, 16)}`);
  writeFileSync(path, buf);
  return { itemId: index, contentHash: hash, label: 0, subset: 'test', path };
}

export interface PreparedInput {
  /** What the user gave (file path, or the path inside a folder/CSV/zip). */
  display: string;
  label: string | null;
  item: PlanItem;
}

export interface PreparedInputs {
  inputs: PreparedInput[];
  skipped: Array<{ path: string; reason: string }>;
  kind: 'image' | 'text';
  cleanup(): void;
}

/**
 * Reads a folder / CSV / zip the way import does and stages each image as a file the model process
 * can decode; what cannot be decoded is skipped with its reason rather than failing the batch.
 */
export async function prepareFromPath(path: string, tmpRoot: string): Promise<PreparedInputs> {
  const scan = await (await scanForPath(path))(new AbortController().signal);
  const dir = join(tmpRoot, `eval-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  const inputs: PreparedInput[] = [];
  const skipped = scan.skipped.map((s) => ({ path: s.path, reason: s.reason }));
  try {
    for (const e of scan.entries) {
      if (e.kind === 'text') {
        const hash = createHash('sha256').update(e.text).digest('hex');
        inputs.push({ display: e.displayPath, label: e.label, item: { itemId: inputs.length, contentHash: hash, label: 0, subset: 'test', text: e.text } });
        continue;
      }
      let buf: Buffer;
      try {
        buf = await e.read();
      } catch (err) {
        skipped.push({ path: e.displayPath, reason: `not a readable file (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` });
        continue;
      }
      if (e.asText) {
        const t = decodeTextFile(buf);
        if (!t.ok) skipped.push({ path: e.displayPath, reason: t.reason });
        else inputs.push({ display: e.displayPath, label: e.label, item: { itemId: inputs.length, contentHash: createHash('sha256').update(t.text).digest('hex'), label: 0, subset: 'test', text: t.text } });
        continue;
      }
      // The decoder the model process uses: what passes here is what it can read.
      try {
        await decodeImage(buf);
      } catch (err) {
        skipped.push({ path: e.displayPath, reason: `not a readable image (${decodeFailureReason(err, null, buf)})` });
        continue;
      }
      const hash = createHash('sha256').update(buf).digest('hex');
      const file = join(dir, `${inputs.length}-${hash.slice(0, 16)}`);
      writeFileSync(file, buf);
      inputs.push({ display: e.displayPath, label: e.label, item: { itemId: inputs.length, contentHash: hash, label: 0, subset: 'test', path: file } });
    }
  } finally {
    await scan.close?.();
  }
  return { inputs, skipped, kind: scan.kind, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Single image (or .txt) files for predict: each must exist and decode; a bad one is a clear error naming it. */
export async function prepareFiles(files: readonly string[]): Promise<PreparedInput[]> {
  if (files.length === 0) throw new StudioError('bad_input', 'Give at least one image file.');
  const out: PreparedInput[] = [];
  for (const f of files) {
    let buf: Buffer;
    try {
      buf = await import('node:fs/promises').then((fs) => fs.readFile(f));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new StudioError('bad_input', code === 'ENOENT' ? `${f}: no such file.` : code === 'EISDIR' ? `${f} is a folder; give image files.` : `${f}: ${String(err)}`);
    }
    if (isTextFileName(f)) {
      const t = decodeTextFile(buf);
      if (!t.ok) throw new StudioError('bad_input', `${f}: ${t.reason}`);
      out.push({ display: f, label: null, item: { itemId: out.length, contentHash: createHash('sha256').update(t.text).digest('hex'), label: 0, subset: 'test', text: t.text } });
      continue;
    }
    try {
      await decodeImage(buf);
    } catch {
      throw new StudioError('bad_input', `${f} is not an image the studio can read.`);
    }
    const hash = createHash('sha256').update(buf).digest('hex');
    out.push({ display: f, label: null, item: { itemId: out.length, contentHash: hash, label: 0, subset: 'test', path: f } });
  }
  return out;
}
