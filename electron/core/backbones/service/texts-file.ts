import { readFile } from 'node:fs/promises';
import { StudioError } from '../../../../shared/api/errors';

/** T.json: a JSON array of strings, or an object with a `texts` array (BRIEF, CLI contract). */
export async function readTextsFile(path: string): Promise<string[]> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (e) {
    throw new StudioError('bad_input', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new StudioError('bad_input', `${path} is not JSON (${(e as Error).message}); expected an array of strings or {"texts": [...]}`);
  }
  const texts = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? (v as { texts?: unknown }).texts : undefined;
  if (!Array.isArray(texts)) throw new StudioError('bad_input', `${path}: expected a JSON array of strings or an object with a "texts" array`);
  const bad = texts.findIndex((t) => typeof t !== 'string');
  if (bad >= 0) throw new StudioError('bad_input', `${path}: text ${bad} is ${JSON.stringify(texts[bad])?.slice(0, 40)}, not a string`);
  if (texts.length === 0) throw new StudioError('bad_input', `${path} holds no texts`);
  return texts as string[];
}
