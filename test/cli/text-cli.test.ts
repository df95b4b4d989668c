import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../electron/core/backbones/safetensors';
import { encodeNpy, readNpy } from '../helpers/npy';
import { openDatabase } from '../../electron/core/store/db';
import { datasetsRepo } from '../../electron/core/store/repos/datasets';

// Issue 13's CLI acceptance: a folder of .txt files through import, train, eval, predict and a safetensors
// export, for both shipped text starters, driven as a user drives the CLI (the bundle, wasm backend).

const root = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'studio-text-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Async, so the two families' flows overlap: most of each command is a process start or a model process. */
function studio(dataDir: string, ...args: string[]): Promise<Cli> {
  return new Promise((done) => {
    const p = spawn(process.execPath, ['bin/studio.mjs', '--data-dir', dataDir, ...args], { cwd: root, env: { ...process.env, STUDIO_BACKEND: 'wasm' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The one JSON document of a successful --json command. */
function ok<T>(r: Cli, what: string): T {
  expect(r.code, `${what}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** A refusal: non-zero exit, nothing on stdout, one `studio:` line on stderr (progress lines may precede it). */
function refused(r: Cli, reason: RegExp): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.code).not.toBeNull();
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('studio:'));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(reason);
}

interface Prediction {
  file: string;
  label: string;
  score: number;
  top: Array<{ label: string; score: number }>;
  tokens?: number;
  maxTokens?: number;
  truncated?: boolean;
}
interface Evaluation {
  accuracy: number;
  labels: string[];
  confusion: number[][];
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}
interface Tokenized {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
}

// Real English: Debian package descriptions from the text demo, three of its sections.
const rows = parse(readFileSync(join(root, 'resources', 'text-demo', 'packages.csv')), { columns: true }) as Array<{ text: string; label: string }>;
const classes = ['database', 'games', 'sound'];
const perClass = 6;

/** A class-per-subfolder of .txt files, plus one games text (25 descriptions) far longer than a run reads. */
function writeCorpus(dir: string): { files: string[]; texts: string[]; labels: string[]; longIndex: number } {
  const files: string[] = [];
  const labels: string[] = [];
  for (const c of classes) {
    mkdirSync(join(dir, c), { recursive: true });
    rows
      .filter((r) => r.label === c)
      .slice(0, perClass)
      .forEach((r, i) => {
        files.push(join(dir, c, `${i}.txt`));
        labels.push(c);
        writeFileSync(files.at(-1)!, r.text);
      });
  }
  const long = rows.filter((r) => r.label === 'games').slice(perClass, perClass + 25).map((r) => r.text).join('. ');
  files.push(join(dir, 'games', 'long.txt'));
  labels.push('games');
  writeFileSync(files.at(-1)!, long);
  return { files, texts: files.map((f) => readFileSync(f, 'utf8')), labels, longIndex: files.length - 1 };
}

/** The JSON header of a .safetensors file: tensor name → dtype and shape. */
function safetensorsHeader(path: string): Record<string, { shape: number[]; dtype: string }> {
  const buf = readFileSync(path);
  return JSON.parse(buf.subarray(8, 8 + Number(buf.readBigUInt64LE(0))).toString()) as Record<string, { shape: number[]; dtype: string }>;
}

/** Runs a Python reference; a skip with its reason when this machine has no python3 with torch and numpy. */
function python(args: string[]): Promise<{ stdout: string } | { skip: string }> {
  return new Promise((done) =>
    execFile('/usr/bin/python3', args, { cwd: root }, (err, stdout, stderr) => {
      const missing = /No module named '?(torch|numpy)/.exec(stderr);
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') done({ skip: '/usr/bin/python3 is not installed' });
      else if (missing) done({ skip: `/usr/bin/python3 has no ${missing[1]}` });
      // The script exits 1 when its check fails; its JSON report on stdout says why either way.
      else done({ stdout });
    }),
  );
}

const softmax = (row: number[]): number[] => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const maxAbsDiff = (a: number[][], b: number[][]): number => Math.max(...a.flatMap((r, i) => r.map((v, j) => Math.abs(v - b[i]![j]!))));
/** A prediction's probabilities in `labels` order (--top covers every class). */
const probs = (p: Prediction, labels: string[]): number[] => labels.map((l) => p.top.find((t) => t.label === l)!.score);

/** What a run reads of each text: set explicitly, so embed and tokenize can read the same before the run answers. */
const maxLength = 64;

// Each CLI start costs 1.5-4 s of CPU (the bundle's imports, a model process) on a 2-core machine: the
// checks that need doing once (FILE.txt as --texts, PyTorch, refusals) run in one family each.
// export-text.test.ts checks BERT's export in PyTorch too.
const families = [
  { family: 'bert', starter: 'starter-bert', arch: 'BertForSequenceClassification', prefix: 'bert.', mlmHead: 'cls.', head: ['classifier.bias', 'classifier.weight'], files: false, torch: false, refusals: true },
  { family: 'gpt2', starter: 'starter-gpt2', arch: 'GPT2ForSequenceClassification', prefix: 'transformer.', mlmHead: 'lm_head.', head: ['score.weight'], files: true, torch: true, refusals: false },
] as const;

describe.concurrent('studio on a folder of .txt files, with the shipped text starters', () => {
  for (const f of families) {
    it(`${f.family}: import a .txt folder, probe, eval, predict ${f.files ? '--texts and FILE.txt' : '--texts'}, export safetensors as ${f.arch}`, async () => {
      const dir = join(work, f.family);
      const data = join(dir, 'data');
      const corpus = writeCorpus(join(dir, 'txt'));

      const imp = ok<{ datasetId: number; items: number; classes: Record<string, number>; skipped: unknown[] }>(await studio(data, '--json', 'import', join(dir, 'txt')), 'import');
      const counts = Object.fromEntries(classes.map((c) => [c, corpus.labels.filter((l) => l === c).length]));
      expect(imp).toMatchObject({ items: corpus.files.length, classes: counts, skipped: [] });

      const starterDir = join(root, 'resources', 'backbones', f.starter);
      const added = ok<{ backboneId: string; family: string; features: number }>(await studio(data, '--json', 'backbones', 'add', starterDir), 'backbones add');
      expect(added).toMatchObject({ backboneId: f.starter, family: f.family });
      const D = added.features;

      const train = ok<{ runId: number; status: string; backend: string }>(
        await studio(data, '--json', 'train', '--dataset', String(imp.datasetId), '--backbone', added.backboneId, '--mode', 'probe', '--seed', '1', '--options', JSON.stringify({ maxLength })),
        'train',
      );
      expect(train).toMatchObject({ status: 'completed', backend: 'wasm' });
      const run = String(train.runId);

      const textsJson = join(dir, 'T.json');
      writeFileSync(textsJson, JSON.stringify({ texts: corpus.texts }));
      const emptyJson = join(dir, 'empty.json');
      writeFileSync(emptyJson, JSON.stringify([corpus.texts[0], '']));
      const emptyTxt = join(dir, 'empty.txt');
      writeFileSync(emptyTxt, ' \n');
      const out = join(dir, 'export');
      const feats = join(dir, 'features.npy');
      const top = ['--top', String(classes.length)];
      const [ev, byText, byFile, exp, emb, tok, emptyText, emptyFile] = await Promise.all([
        studio(data, '--json', 'eval', '--run', run, join(dir, 'txt')),
        studio(data, '--json', 'predict', '--run', run, ...top, '--texts', textsJson),
        f.files ? studio(data, '--json', 'predict', '--run', run, ...top, ...corpus.files) : null,
        studio(data, '--json', 'export', '--run', run, '--format', 'safetensors', '--out', out),
        studio(data, 'embed', '--backbone', added.backboneId, '--texts', textsJson, '--max-length', String(maxLength), '--out', feats),
        f.torch ? studio(data, '--json', 'tokenize', '--backbone', added.backboneId, '--texts', textsJson, '--max-length', String(maxLength)) : null,
        f.refusals ? studio(data, '--json', 'predict', '--run', run, '--texts', emptyJson) : null,
        f.refusals ? studio(data, '--json', 'predict', '--run', run, emptyTxt) : null,
      ]);
      if (emptyText) refused(emptyText, /empty\.json: text 1 is empty/);
      if (emptyFile) refused(emptyFile, /empty\.txt: empty text/);

      // predict: one prediction per text, labels among the classes; the texts are the files' contents in order.
      const texts = ok<{ predictions: Prediction[] }>(byText, 'predict --texts').predictions;
      expect(texts).toHaveLength(corpus.texts.length);
      for (const p of texts) {
        expect(classes).toContain(p.label);
        expect(p.top.map((t) => t.label).sort()).toEqual(classes);
        expect(p.score).toBe(Math.max(...p.top.map((t) => t.score)));
      }
      // Only the long text is cut, at the run's length, and it says so with its token count.
      texts.forEach((p, i) => {
        expect(p.maxTokens).toBe(maxLength);
        expect(p.truncated).toBe(i === corpus.longIndex);
        if (i === corpus.longIndex) expect(p.tokens).toBeGreaterThan(maxLength);
        else expect(p.tokens).toBeLessThanOrEqual(maxLength);
      });
      if (byFile) {
        // The same text gives the same prediction whether it came as a string or as a .txt file.
        const files = ok<{ predictions: Prediction[] }>(byFile, 'predict FILE').predictions;
        expect(files.map((p) => p.file)).toEqual(corpus.files);
        expect(files.map((p) => [p.label, p.tokens, p.truncated])).toEqual(texts.map((p) => [p.label, p.tokens, p.truncated]));
        expect(maxAbsDiff(files.map((p) => probs(p, classes)), texts.map((p) => probs(p, classes)))).toBeLessThan(1e-6);
      }

      // eval: its figures are those of the run's predictions on the same files.
      const e = ok<Evaluation>(ev, 'eval');
      expect(e.labels).toEqual(classes);
      const confusion = classes.map((t) => classes.map((p) => texts.filter((x, i) => corpus.labels[i] === t && x.label === p).length));
      expect(e.confusion).toEqual(confusion);
      const correct = classes.reduce((s, _, i) => s + confusion[i]![i]!, 0);
      expect(e.accuracy).toBeCloseTo(correct / corpus.files.length, 12);
      for (const c of classes) expect(e.perClass[c]!.support).toBe(counts[c]);

      // export: the task class's naming, every trunk tensor of the starter (a probe leaves them as they were).
      const r = ok<{ outDir: string; files: string[]; notes: string[] }>(exp, 'export');
      // The note tells the user which class loads the folder: the task class, not the bare family name.
      expect(r.notes.join(' ')).toMatch(new RegExp(`load it strictly into ${f.arch}\\.`));
      // Where ln_f's offset carries GPT-2's bias, the export says so (checked against the tensors below).
      const lnCarries = r.notes.some((n) => n.includes('transformer.ln_f.bias carries'));
      for (const file of r.files) expect(existsSync(join(out, file)), file).toBe(true);
      expect(r.files).toEqual(expect.arrayContaining(['model.safetensors', 'config.json', 'tokenizer.json']));
      const header = safetensorsHeader(join(out, 'model.safetensors'));
      const names = Object.keys(header).filter((n) => n !== '__metadata__').sort();
      const own = Object.keys(safetensorsHeader(join(starterDir, 'model.safetensors'))).filter((n) => n !== '__metadata__' && !n.startsWith(f.mlmHead));
      const trunk = own.map((n) => (n.startsWith(f.prefix) ? n : f.prefix + n));
      expect(names).toEqual([...trunk, ...f.head].sort());
      if (f.family === 'bert') {
        expect(names).toContain('bert.pooler.dense.weight');
        expect(header['classifier.bias']?.shape).toEqual([classes.length]);
      }
      const headWeight = f.head.find((n) => n.endsWith('.weight'))!;
      expect(header[headWeight]?.shape).toEqual([classes.length, D]);
      const exported = (await readSafetensors(join(out, 'model.safetensors'))).tensors;
      const starter = (await readSafetensors(join(starterDir, 'model.safetensors'))).tensors;
      own.forEach((n, i) => {
        // GPT2ForSequenceClassification's score has no bias: where it cannot fold into score.weight, ln_f's
        // offset carries it (electron/core/export/fold-bias.ts), and the PyTorch check below compares logits.
        if (lnCarries && trunk[i] === 'transformer.ln_f.bias') return;
        const [got, want] = [exported.get(trunk[i]!)!.data, starter.get(n)!.data];
        expect(got.length === want.length && got.every((v, j) => v === want[j]), `${trunk[i]} is the starter's ${n}`).toBe(true);
      });
      const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
      expect(cfg).toMatchObject({
        model_type: f.family,
        architectures: [f.arch],
        num_labels: classes.length,
        id2label: Object.fromEntries(classes.map((c, i) => [String(i), c])),
        label2id: Object.fromEntries(classes.map((c, i) => [c, i])),
      });

      // The studio's own features (embed) through the exported classifier give the run's probabilities:
      // the head in the file is the head that predicted (GPT-2's bias carried exactly by score.weight or by
      // ln_f's offset, which moves every feature by the same δ).
      expect(emb.code, emb.stderr).toBe(0);
      const fe = readNpy(feats);
      expect(fe.shape).toEqual([corpus.texts.length, D]);
      const W = exported.get(headWeight)!.data;
      const b = f.family === 'bert' ? exported.get('classifier.bias')!.data : new Float32Array(classes.length);
      const lnOffset = (t: Map<string, { data: ArrayLike<number> }>) => t.get('transformer.ln_f.bias')?.data ?? new Float32Array(D);
      const delta = Array.from({ length: D }, (_, j) => (f.family === 'gpt2' ? lnOffset(exported)[j]! - lnOffset(starter)[j]! : 0));
      const logits = corpus.texts.map((_, n) => classes.map((_, k) => {
        let s = b[k]!;
        for (let j = 0; j < D; j++) s += W[k * D + j]! * (fe.data[n * D + j]! + delta[j]!);
        return s;
      }));
      expect(maxAbsDiff(logits.map(softmax), texts.map((p) => probs(p, classes)))).toBeLessThan(1e-5);
      if (!tok) return;

      const t = ok<Tokenized>(tok, 'tokenize');
      // predict's token counts are the tokenizer's (special tokens included).
      texts.forEach((p, i) => expect(t.attention_mask[i]!.reduce((a, c) => a + c, 0)).toBe(Math.min(p.tokens!, maxLength)));
      if (f.family === 'gpt2') {
        // transformers finds each text's last token by pad_token_id: it must be what the padding holds.
        const short = t.attention_mask.findIndex((m) => m.includes(0));
        expect(cfg.pad_token_id).toBe(t.input_ids[short]![t.attention_mask[short]!.indexOf(0)]);
      }

      // PyTorch: the folder loads strictly into the task class and gives those logits to 1e-4.
      const npy = (name: string, shape: number[], data: Int32Array | Float32Array) => {
        writeFileSync(join(dir, name), encodeNpy({ shape, dtype: data instanceof Int32Array ? 'int32' : 'float32', data }));
        return join(dir, name);
      };
      const shape = [corpus.texts.length, maxLength];
      const torch = await python([
        'scripts/text/check_text_export.py', '--export', out, '--json',
        '--ids', npy('ids.npy', shape, Int32Array.from(t.input_ids.flat())),
        '--mask', npy('mask.npy', shape, Int32Array.from(t.attention_mask.flat())),
        '--types', npy('types.npy', shape, Int32Array.from(t.token_type_ids.flat())),
        '--logits', npy('logits.npy', [corpus.texts.length, classes.length], Float32Array.from(logits.flat())),
      ]);
      if ('skip' in torch) {
        console.warn(`skipping the PyTorch check of the ${f.family} export: ${torch.skip}`);
        return;
      }
      const rep = JSON.parse(torch.stdout) as Record<string, unknown>;
      expect(rep).toMatchObject({ architecture: f.arch, strict: true, missing: [], unexpected: [], shape_mismatch: [], same_classes: true });
      expect(rep.max_abs_diff).toBeLessThan(1e-4);
    }, 120_000);
  }

  it('a non-UTF-8 .txt is skipped with its reason; a folder of only such files fails clearly and leaves no dataset', async () => {
    const dir = join(work, 'bad');
    const data = join(dir, 'data');
    // Latin-1 bytes, as an old editor saves accented text.
    const latin1 = Buffer.from('Café database for the Münster library', 'latin1');
    const mixed = join(dir, 'mixed');
    mkdirSync(join(mixed, 'database'), { recursive: true });
    mkdirSync(join(mixed, 'sound'), { recursive: true });
    writeFileSync(join(mixed, 'database', 'ok.txt'), rows.find((r) => r.label === 'database')!.text);
    writeFileSync(join(mixed, 'database', 'latin1.txt'), latin1);
    writeFileSync(join(mixed, 'sound', 'ok.txt'), rows.find((r) => r.label === 'sound')!.text);
    const allBad = join(dir, 'all-bad');
    for (const c of ['database', 'sound']) {
      mkdirSync(join(allBad, c), { recursive: true });
      writeFileSync(join(allBad, c, 'latin1.txt'), latin1);
    }

    const m = ok<{ datasetId: number; items: number; classes: Record<string, number>; skipped: Array<{ path: string; reason: string }> }>(await studio(data, '--json', 'import', mixed), 'import');
    expect(m).toMatchObject({ items: 2, classes: { database: 1, sound: 1 } });
    expect(m.skipped).toHaveLength(1);
    expect(m.skipped[0]!.path).toMatch(/latin1\.txt$/);
    expect(m.skipped[0]!.reason).toMatch(/not UTF-8/);

    refused(await studio(data, '--json', 'import', allBad), /Import failed: .*not UTF-8/);

    // No CLI command lists datasets: read the store's own repo (opening the whole core here costs seconds).
    const db = openDatabase(join(data, 'studio.db'));
    try {
      expect(datasetsRepo(db).list().map((d) => d.id)).toEqual([m.datasetId]);
    } finally {
      db.close();
    }
  }, 60_000);
});
