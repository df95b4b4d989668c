import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../electron/core/datasets/csv-rows';

const cells = (text: string) => readCsvRows(text).rows.map((r) => [r.line, ...r.cells]);
const bad = (text: string) => readCsvRows(text).bad.map((b) => b.line);

describe('readCsvRows: a parse error costs only the row it starts on', () => {
  it('an unclosed quote at the start of a row skips that row; the rows after it are read', () => {
    const t = 'text,label\n"great, works",pos\nawful,neg\n"never closed,neg\nlost,pos\nfound,neg\n';
    expect(cells(t)).toEqual([
      [1, 'text', 'label'],
      [2, 'great, works', 'pos'],
      [3, 'awful', 'neg'],
      [5, 'lost', 'pos'],
      [6, 'found', 'neg'],
    ]);
    expect(readCsvRows(t).bad).toEqual([{ line: 4, reason: expect.stringMatching(/^unbalanced quote/) }]);
  });

  it('a stray quote that a later quote "closes" does not swallow the rows in between', () => {
    // With relaxed quotes csv-parse reads lines 2-4 as one record and reports no error at all.
    const t = 'text,label\n"never closed,neg\nlost,pos\n"fine",pos\n';
    expect(cells(t)).toEqual([
      [1, 'text', 'label'],
      [3, 'lost', 'pos'],
      [4, 'fine', 'pos'],
    ]);
    expect(bad(t)).toEqual([2]);
  });

  it('two bad rows, each alone; quoted fields over several lines and quotes inside unquoted fields stay good', () => {
    const t = 'text,label\n"a\nreal multi-line review",pos\n"bad one,neg\nok 1,pos\n5" screw,neg\n"bad two,pos\nok 2,neg\n';
    expect(cells(t)).toEqual([
      [1, 'text', 'label'],
      [3, 'a\nreal multi-line review', 'pos'],
      [5, 'ok 1', 'pos'],
      [6, '5" screw', 'neg'],
      [8, 'ok 2', 'neg'],
    ]);
    expect(bad(t)).toEqual([4, 7]);
  });

  it('CRLF line ends, a BOM and blank lines keep the line numbers right', () => {
    const t = '\ufeffpath,label\r\n\r\na.png,x\r\n"b.png,y\r\nc.png,z\r\n';
    expect(cells(t)).toEqual([
      [1, 'path', 'label'],
      [3, 'a.png', 'x'],
      [5, 'c.png', 'z'],
    ]);
    expect(bad(t)).toEqual([4]);
  });

  it('an unclosed quote on the last line is that row alone', () => {
    expect(cells('a,b\n1,2\n"3,4')).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
    ]);
    expect(bad('a,b\n1,2\n"3,4')).toEqual([3]);
  });
});
