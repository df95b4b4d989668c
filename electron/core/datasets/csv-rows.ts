import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /** The line in the file where the row ends (what the user finds in an editor). */
  line: number;
  cells: string[];
}

export interface CsvBadRow {
  line: number;
  reason: string;
}

/** Thrown from csv-parse's callbacks to stop a pass; the loop below restarts after the bad line. */
class Restart extends Error {
  constructor(readonly badLine: number, readonly why: string) {
    super('restart');
  }
}

const unbalanced = 'unbalanced quote (a " opens a field that is never properly closed); only this row is skipped';

/** Quotes relaxed: `5" screw` in an unquoted field is data, not an error. */
const relaxed = { relax_column_count: true, relax_quotes: true, skip_empty_lines: true } as const;

/**
 * A legitimately quoted field may span lines; anything else that does is a stray quote that
 * swallowed the rows after it. A strict parse of just those lines tells the two apart.
 */
function isOneStrictRecord(text: string): boolean {
  try {
    return parse(text, { relax_column_count: true, skip_empty_lines: true }).length === 1;
  } catch {
    return false;
  }
}

/**
 * Reads every row csv-parse can, confining each parse error to the row it starts on: an
 * unbalanced quote would otherwise make the parser read on to the end of the file (or to the next
 * quote) and every row in between would be lost with it. After a bad row, parsing restarts on the
 * next line. Single-line errors are skipped by the parser itself, so a file with many bad rows is
 * still read in one pass.
 */
export function readCsvRows(content: string): { rows: CsvRow[]; bad: CsvBadRow[] } {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  // Offsets of each line's start; lines[i] is line i + 1.
  const starts = [0];
  const lines: string[] = [];
  const nl = /\r\n|\n|\r/g;
  let prev = 0;
  for (let m = nl.exec(text); m; m = nl.exec(text)) {
    lines.push(text.slice(prev, m.index));
    prev = m.index + m[0].length;
    starts.push(prev);
  }
  lines.push(text.slice(prev));
  /** The first non-blank line after `line` (1-based), where the next record starts. */
  const nextStart = (line: number) => {
    let l = line + 1;
    while (l <= lines.length && lines[l - 1] === '') l++;
    return l;
  };

  const rows: CsvRow[] = [];
  const bad: CsvBadRow[] = [];
  let from = 0; // lines before this (0-based line index) are done
  while (from < lines.length) {
    const offset = from;
    let lastEnd = from;
    try {
      parse(text.slice(starts[from]), {
        ...relaxed,
        skip_records_with_error: true,
        on_record: (record: string[], ctx: { lines: number }) => {
          const end = offset + ctx.lines;
          const start = nextStart(lastEnd);
          if (end > start && !isOneStrictRecord(lines.slice(start - 1, end).join('\n'))) throw new Restart(start, unbalanced);
          rows.push({ line: end, cells: record.map((c) => c.trim()) });
          lastEnd = end;
          return null;
        },
        // on_skip is in csv-parse 5 but missing from its typings.
        ...({
          on_skip: (err: { message: string; lines?: number } | undefined) => {
            const start = nextStart(lastEnd);
            const end = err?.lines !== undefined ? offset + err.lines : start;
            const why = err?.message.split(':')[0] ?? 'parse error';
            if (end > start) throw new Restart(start, /quote/i.test(why) ? unbalanced : `could not be read as CSV (${why})`);
            bad.push({ line: start, reason: `could not be read as CSV (${why})` });
            lastEnd = end;
            return undefined;
          },
        } as object),
      });
      break;
    } catch (err) {
      // A Restart may arrive wrapped by csv-parse; anything else is an error csv-parse threw
      // itself (it does for an unclosed quote at the end), which starts on the next line too.
      const r = err instanceof Restart ? err : (err as { cause?: unknown }).cause instanceof Restart ? ((err as { cause: Restart }).cause) : undefined;
      const line = r?.badLine ?? nextStart(lastEnd);
      if (line > lines.length) break;
      bad.push({ line, reason: r?.why ?? (/quote/i.test(String((err as Error).message)) ? unbalanced : `could not be read as CSV (${String((err as Error).message).split(':')[0]})`) });
      from = line; // 1-based bad line = 0-based index of the line after it
    }
  }
  return { rows, bad };
}
