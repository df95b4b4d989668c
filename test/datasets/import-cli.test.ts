import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp';
import { buildBadInputFixture } from '../helpers/bad-input-fixture';

const tmp = useTmpDirs();

function studio(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The bytes of a fixture file, by its displayed relative path (\xNN escapes undone). */
function bytesOf(root: string, rel: string): Buffer {
  const parts: Buffer[] = [];
  const re = /\\x([0-9A-F]{2})/g;
  let last = 0;
  for (let m = re.exec(rel); m; m = re.exec(rel)) {
    parts.push(Buffer.from(rel.slice(last, m.index)), Buffer.from([parseInt(m[1]!, 16)]));
    last = m.index + m[0].length;
  }
  parts.push(Buffer.from(rel.slice(last)));
  return readFileSync(Buffer.concat([Buffer.from(root + '/'), ...parts]));
}

describe('studio import (CLI, --json) on the bad-input fixture', () => {
  it('reports every bad file with its specific reason, imports every valid image once, counts classes right', async () => {
    const fx = await buildBadInputFixture(join(tmp(), 'photos'));
    const dataDir = tmp();
    const r = studio(['--data-dir', dataDir, 'import', fx.root, '--name', 'Fixture', '--json']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      datasetId: number;
      items: number;
      classes: Record<string, number>;
      skipped: Array<{ path: string; reason: string }>;
      duplicates: number;
      conflicts: Array<{ paths: string[]; labels: string[]; resolution: string }>;
    };
    // The documented keys, plus `conflicts` because this fixture has one (it is left out when there are none).
    expect(Object.keys(out).sort()).toEqual(['classes', 'conflicts', 'datasetId', 'duplicates', 'items', 'skipped']);
    expect(out.conflicts).toEqual(
      fx.conflicts.map((c) => ({ paths: c.rels.map((r) => `${fx.root}/${r}`), labels: c.labels, resolution: expect.stringMatching(/imported once, unlabeled/) })),
    );

    // Every bad file, each with its own reason, and nothing else.
    const byRel = new Map(out.skipped.map((s) => [s.path.slice(fx.root.length + 1), s.reason]));
    for (const s of fx.skips) {
      expect(byRel.has(s.rel), `skip list lacks ${s.rel}: ${JSON.stringify(out.skipped)}`).toBe(true);
      expect(byRel.get(s.rel)).toMatch(s.reason);
    }
    expect(out.skipped).toHaveLength(fx.skips.length);

    const validCount = Object.values(fx.valid).reduce((n, l) => n + l.length, 0);
    expect(out.items).toBe(validCount);
    expect(out.classes).toEqual({ cat: fx.valid.cat!.length, dog: fx.valid.dog!.length });
    expect(out.duplicates).toBe(fx.duplicates);

    // Exactly once, with the right class, and the stored copy holds the same bytes.
    const db = new Database(join(dataDir, 'studio.db'), { readonly: true });
    const rows = db
      .prepare('SELECT items.original_path AS p, items.content_hash AS h, items.blob_path AS blob, items.thumb_path AS thumb, labels.name AS label FROM items LEFT JOIN labels ON labels.id = items.label_id WHERE items.dataset_id = ?')
      .all(out.datasetId) as Array<{ p: string; h: string; blob: string; thumb: string; label: string | null }>;
    db.close();
    expect(rows).toHaveLength(validCount);
    for (const [cls, files] of Object.entries(fx.valid)) {
      for (const rel of files) {
        const row = rows.filter((x) => x.p === `${fx.root}/${rel}`);
        expect(row, rel).toHaveLength(1);
        expect(row[0]!.label).toBe(cls === '' ? null : cls);
        const hash = createHash('sha256').update(bytesOf(fx.root, rel)).digest('hex');
        expect(row[0]!.h).toBe(hash);
        expect(createHash('sha256').update(readFileSync(join(dataDir, row[0]!.blob))).digest('hex')).toBe(hash);
        expect(existsSync(join(dataDir, row[0]!.thumb))).toBe(true);
      }
    }
  });

  it('prints a readable summary without --json, and a missing path is a one-line error', async () => {
    const fx = await buildBadInputFixture(join(tmp(), 'photos'));
    const r = studio(['--data-dir', tmp(), 'import', fx.root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Dataset #1: \d+ items imported/);
    expect(r.stdout).toMatch(/Classes: cat \(\d+\), dog \(\d+\)/);
    expect(r.stdout).toMatch(/empty file \(0 bytes\)/);
    expect(r.stdout).toMatch(/Conflicts \(same image under different classes\) 1:\n {2}.*cat\/red\.jpg, .*cat\/red_copy\.jpg, .*dog\/red-again\.jpg: the same image is under cat and dog: imported once, unlabeled/);
    expect(r.stderr).toMatch(/import \[#+\] \d+\/\d+ 100%/);
    const missing = studio(['--data-dir', tmp(), 'import', '/no/such/folder', '--json']);
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/Nothing to import at \/no\/such\/folder/);
  });
});
