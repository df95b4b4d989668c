import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../electron/core/backbones/tokenizers/load';
import { packageRoot } from '../../electron/core/version';

const python = '/usr/bin/python3';
const noPython = spawnSync(python, ['-c', 'import unicodedata'], { encoding: 'utf8' }).status === 0 ? null : `${python} is not available`;

// Man-page and package-description style text, plus what trips tokenizers: contractions, digits,
// runs of spaces, tabs and newlines, punctuation clusters, accents, a URL, a long word.
const demoTexts = readFileSync(join(packageRoot(), 'resources', 'text-demo', 'packages.csv'), 'utf8')
  .split('\n')
  .slice(1, 41)
  .map((l) => l.replace(/,[a-z]+$/, '').replace(/^"|"$/g, ''));
const texts = [
  ...demoTexts,
  "cut - remove sections from each line of files; it's fast, don't worry.",
  'Use  --verbose\tor -v   to print   more.\nSee also: ls(1), grep(1).',
  'Version 2.14.1 (2023-06-01) supports IPv6 & UTF-8 — résumé naïve café Ångström',
  'https://www.debian.org/doc/manuals/debian-reference/ch01.en.html?x=1#s1',
  'CJK and emoji: 日本語のテキスト 🙂 ✓',
  'supercalifragilisticexpialidociousandthensomemorelettersthatgoonandon',
  "They'll say we've I'm you'd he's ALL-CAPS CamelCase snake_case",
];

const dir = mkdtempSync(join(tmpdir(), 'starter-tok-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(noPython !== null)(`the starters' tokenizer.json tokenizes as their recipe did${noPython ? ` (skipped: ${noPython})` : ''}`, () => {
  for (const family of ['bert', 'gpt2']) {
    it(`starter-${family}: the studio's ids equal scripts/text/tokenizers_mini.py's on ${texts.length} texts`, async () => {
      const backbone = join(packageRoot(), 'resources', 'backbones', `starter-${family}`);
      const textsPath = join(dir, 'texts.json');
      writeFileSync(textsPath, JSON.stringify(texts));
      const ref = JSON.parse(execFileSync(python, ['scripts/text/tokenize_reference.py', '--backbone', backbone, '--texts', textsPath], { encoding: 'utf8' })) as { ids: number[][] };
      const tok = await loadTokenizer(backbone);
      const got = texts.map((t) => tok.rawIds(t));
      expect(got).toEqual(ref.ids);
      // The vocabulary learnt real pieces: ordinary text (the package descriptions) takes far fewer
      // tokens than characters (a characters-only vocabulary would give one per character).
      const demoChars = demoTexts.join('').length;
      const demoTokens = got.slice(0, demoTexts.length).flat().length;
      expect(demoTokens).toBeLessThan(demoChars / 2.5);
    });
  }
});
