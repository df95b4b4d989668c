import { readFileSync } from 'node:fs';
import { CliError } from './command';

/**
 * T.json for commands that send texts themselves (predict --texts): a JSON array of strings, or an
 * object with a `texts` array (the CLI contract). Empty or blank texts are refused by index.
 */
export function readTextsJson(path: string): string[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: string;
  try {
    // fatal: a Latin-1 file would otherwise arrive with U+FFFD where its accents were, and predict on that.
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${path} is not UTF-8 text; save it as UTF-8`);
  }
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new CliError(`${path} is not JSON (${(e as Error).message}); expected an array of strings or {"texts": [...]}`);
  }
  const texts = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? (v as { texts?: unknown }).texts : undefined;
  if (!Array.isArray(texts)) throw new CliError(`${path}: expected a JSON array of strings or an object with a "texts" array`);
  if (texts.length === 0) throw new CliError(`${path} holds no texts`);
  texts.forEach((t, i) => {
    if (typeof t !== 'string') throw new CliError(`${path}: text ${i} is ${JSON.stringify(t)?.slice(0, 40)}, not a string`);
    if (t.trim() === '') throw new CliError(`${path}: text ${i} is empty`);
  });
  return texts as string[];
}
