import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTextsJson } from '../../electron/cli/texts-file';
import { prepareFiles } from '../../electron/core/predict/inputs';

const dir = mkdtempSync(join(tmpdir(), 'texts-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, body: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};

describe('bad text input for predict gets a clear error', () => {
  it('T.json (studio predict --texts): empty list, a blank text, a non-string, not JSON, not UTF-8', () => {
    expect(() => readTextsJson(file('none.json', '[]'))).toThrow(/none\.json holds no texts$/);
    expect(() => readTextsJson(file('blank.json', JSON.stringify({ texts: ['fine', '   '] })))).toThrow(/blank\.json: text 1 is empty$/);
    expect(() => readTextsJson(file('num.json', '["a", 3]'))).toThrow(/num\.json: text 1 is 3, not a string$/);
    expect(() => readTextsJson(file('bad.json', 'texts: a, b'))).toThrow(/bad\.json is not JSON .*expected an array of strings/);
    // "café" in Latin-1: 0xE9 is not UTF-8.
    expect(() => readTextsJson(file('latin1.json', Buffer.from('["caf\xe9"]', 'latin1')))).toThrow(/latin1\.json is not UTF-8 text; save it as UTF-8$/);
    expect(readTextsJson(file('ok.json', '{"texts": ["café au lait"]}'))).toEqual(['café au lait']);
  });

  it('a .txt file to predict (studio predict FILE.txt): not UTF-8, or only whitespace, is refused naming the file', async () => {
    const latin1 = file('latin1.txt', Buffer.from('caf\xe9', 'latin1'));
    await expect(prepareFiles([latin1])).rejects.toMatchObject({ code: 'bad_input', message: `${latin1}: not UTF-8: invalid byte 0xe9 at offset 3 (save the file as UTF-8)` });
    const blank = file('blank.txt', ' \n\t ');
    await expect(prepareFiles([blank])).rejects.toMatchObject({ code: 'bad_input', message: `${blank}: empty text: the file holds only whitespace` });
    const ok = await prepareFiles([file('ok.txt', 'a game with levels')]);
    expect(ok[0]!.item.text).toBe('a game with levels');
  });
});
