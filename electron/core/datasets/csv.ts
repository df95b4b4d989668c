import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { SkipRecord } from '../../../shared/domain/dataset';
import { fsReason } from './fs-reasons';
import { maxFileBytes } from './walk';
import { imageExtensions, type Scan, type SourceEntry } from './source';

const pathHeaders = ['path', 'file', 'filename', 'file_name', 'filepath', 'file_path', 'image', 'image_path', 'img'];
const textHeaders = ['text', 'sentence', 'content', 'review', 'body'];
const labelHeaders = ['label', 'class', 'category', 'target', 'tag'];

function looksLikeImagePath(s: string): boolean {
  const dot = s.lastIndexOf('.');
  return dot > 0 && imageExtensions.has(s.slice(dot).toLowerCase());
}

/**
 * A CSV of `path,label` (paths relative to the CSV) or `text,label`, with or without a header;
 * `uploaded`: it came through a browser upload, so only texts are taken from it.
 * A bad row is skipped with its row number (the line in the file) and the reason; it never stops
 * the other rows, and an unbalanced quote costs only its own row (csv-rows.ts).
 */
export async function scanCsv(csvPath: string, opts: { uploaded?: boolean } = {}): Promise<Scan> {
  const skipped: SkipRecord[] = [];
  const where = (line: number) => `${csvPath} (row ${line})`;
  // csv-parse is read here, not at the top: every studio command reaches this module through the core.
  const { readCsvRows } = await import('./csv-rows');
  const { rows, bad } = readCsvRows((await readFile(csvPath)).toString('utf8'));
  for (const b of bad) skipped.push({ path: where(b.line), reason: `row ${b.line}: ${b.reason}` });
  if (rows.length === 0) return { kind: 'image', entries: [], skipped: skipped.length ? skipped : [{ path: csvPath, reason: 'the CSV has no rows' }] };

  const head = rows[0]!.cells.map((c) => c.toLowerCase());
  let valueCol = head.findIndex((c) => pathHeaders.includes(c));
  let mode: 'path' | 'text' = 'path';
  if (valueCol < 0) {
    valueCol = head.findIndex((c) => textHeaders.includes(c));
    mode = 'text';
  }
  let labelCol = head.findIndex((c) => labelHeaders.includes(c));
  const columns = head.length;
  let body = rows;
  if (valueCol >= 0) {
    body = rows.slice(1);
  } else if (labelCol >= 0) {
    // A header row naming the label but no text or path column: importing the columns by position
    // would turn the header itself and some other column into items.
    const reason = `the CSV's header (${rows[0]!.cells.join(', ')}) has no text or path column: name the column holding the texts "text" (or ${textHeaders.slice(1).join(', ')}), or the image paths "path"`;
    return { kind: 'text', entries: [], skipped: [...skipped, { path: csvPath, reason }] };
  } else {
    // No header: `value,label` by position; image paths if most values look like image files.
    valueCol = 0;
    labelCol = columns >= 2 ? 1 : -1;
    const sample = rows.slice(0, 50);
    mode = sample.filter((r) => looksLikeImagePath(r.cells[0] ?? '')).length * 2 >= sample.length ? 'path' : 'text';
  }
  const columnsShown = mode === 'path' ? (labelCol >= 0 ? 'path,label' : 'path') : labelCol >= 0 ? 'text,label' : 'text';
  const base = dirname(resolve(csvPath));
  const entries: SourceEntry[] = [];
  for (const row of body) {
    if (row.cells.length !== columns) {
      skipped.push({ path: where(row.line), reason: `row ${row.line}: expected ${columns} column${columns === 1 ? '' : 's'} (${columnsShown}), found ${row.cells.length}` });
      continue;
    }
    const value = row.cells[valueCol]!;
    const label = labelCol >= 0 && row.cells[labelCol] ? row.cells[labelCol]! : null;
    if (!value) {
      skipped.push({ path: where(row.line), reason: `row ${row.line}: empty ${mode}` });
      continue;
    }
    if (mode === 'text') {
      entries.push({ kind: 'text', displayPath: `${csvPath} (row ${row.line})`, text: value, label });
      continue;
    }
    if (opts.uploaded) {
      // An uploaded CSV came from a browser, whose files are not on this machine: its rows may not
      // name files here (a remote user would read the server's disk through them).
      skipped.push({ path: where(row.line), reason: `row ${row.line}: an uploaded CSV can list texts, not image paths on the studio's machine; upload the images themselves, or import the CSV by its path` });
      continue;
    }
    const file = isAbsolute(value) ? value : resolve(base, value);
    try {
      const st = await stat(file);
      if (!st.isFile()) {
        skipped.push({ path: where(row.line), reason: `row ${row.line}: ${value} is not a file` });
        continue;
      }
      if (st.size > maxFileBytes) {
        skipped.push({ path: where(row.line), reason: `row ${row.line}: ${value} is over the ${maxFileBytes / 2 ** 20} MB limit` });
        continue;
      }
      entries.push({ kind: 'file', displayPath: file, label, size: st.size, read: () => readFile(file) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      skipped.push({ path: where(row.line), reason: code === 'ENOENT' ? `row ${row.line}: file not found: ${value}` : `row ${row.line}: ${fsReason(err)}` });
    }
  }
  return { kind: mode === 'text' ? 'text' : 'image', entries, skipped };
}
