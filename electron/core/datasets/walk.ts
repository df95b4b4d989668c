import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { sep } from 'node:path';
import type { SkipRecord } from '../../../shared/domain/dataset';
import { displayName, printable } from './names';
import { fileKindName, fsReason } from './fs-reasons';
import { isSystemJunk, type FileEntry } from './source';

/** Bigger files are refused before reading: no photo is this large, and reading one would stall the import. */
export const maxFileBytes = 512 * 1024 * 1024;

const SEP = Buffer.from('/');

export interface WalkResult {
  entries: FileEntry[];
  skipped: SkipRecord[];
}

function join(a: Buffer, b: Buffer): Buffer {
  return Buffer.concat([a, SEP, b]);
}

/**
 * Walks a folder: files in a subfolder take that top-level subfolder's name as their class, files
 * directly in the folder are unlabeled, deeper folders are walked. Paths are handled as bytes so
 * names that are not UTF-8 still open. Symbolic links to files are followed only to files inside
 * the root; links to folders are never walked (outside ones are not the user's pick, inside ones are
 * walked under their own name); each is reported with its reason, loops included.
 */
export async function walkFolder(root: string, opts: { signal?: AbortSignal; onFound?: (n: number) => void } = {}): Promise<WalkResult> {
  const entries: FileEntry[] = [];
  const skipped: SkipRecord[] = [];
  const rootStat = await stat(root);
  const rootShown = root.replace(/[/\\]+$/, '');
  const visited = new Set<string>([`${rootStat.dev}:${rootStat.ino}`]);
  const rootReal = (await realpath(root, { encoding: 'buffer' })) as Buffer;
  // realpath answers in the platform's own separator (backslashes on Windows).
  const nativeSep = Buffer.from(sep);
  const rootPrefix = rootReal.length > 0 && rootReal[rootReal.length - 1] === nativeSep[0] ? rootReal : Buffer.concat([rootReal, nativeSep]);
  const insideRoot = (target: Buffer) => target.equals(rootReal) || (target.length > rootPrefix.length && target.subarray(0, rootPrefix.length).equals(rootPrefix));

  const shown = (rel: string) => `${rootShown}/${rel}`;

  async function walkDir(dirBytes: Buffer, relShown: string, label: string | null, ancestors: string[]): Promise<void> {
    if (opts.signal?.aborted) return;
    let names: Buffer[];
    try {
      names = (await readdir(dirBytes, { encoding: 'buffer' })) as Buffer[];
    } catch (err) {
      skipped.push({ path: relShown ? shown(relShown) : rootShown, reason: fsReason(err, 'folder') });
      return;
    }
    names.sort(Buffer.compare);
    for (const nameBytes of names) {
      const name = printable(displayName(nameBytes));
      if (isSystemJunk(name)) continue;
      const full = join(dirBytes, nameBytes);
      const rel = relShown ? `${relShown}/${name}` : name;
      let st: Stats;
      let real = full;
      let viaLink = false;
      try {
        const l = await lstat(full);
        if (l.isSymbolicLink()) {
          viaLink = true;
          real = (await realpath(full, { encoding: 'buffer' })) as Buffer;
          // A link is followed only while it stays inside the chosen folder: a link to /etc (or to
          // a share the user did not pick) must not pull its files into the dataset, and in
          // browser mode that folder is all the server was allowed to read.
          if (!insideRoot(real)) {
            skipped.push({ path: shown(rel), reason: `symbolic link to ${printable(displayName(real))}, outside the folder being imported: not followed` });
            continue;
          }
          st = await stat(real);
        } else st = l;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        skipped.push({
          path: shown(rel),
          reason: code === 'ENOENT' && viaLink ? 'broken symbolic link: its target does not exist' : fsReason(err),
        });
        continue;
      }
      if (st.isDirectory()) {
        const key = `${st.dev}:${st.ino}`;
        // A link to a folder inside the import is not followed: that folder is walked under its own
        // name anyway, and following the link first would give its files the link's class (or count
        // them twice), depending only on which name sorts first.
        if (visited.has(key) || viaLink) {
          let target = '';
          try {
            target = printable(displayName(Buffer.from(await realpath(full, { encoding: 'buffer' }))));
          } catch {
            target = '?';
          }
          const isLoop = ancestors.includes(key);
          skipped.push({
            path: shown(rel),
            reason: isLoop
              ? `symbolic link loop: points to ${target}, a folder that contains it`
              : viaLink
                ? `link to a folder inside this import (${target}): its files are imported from there, once`
                : `folder already imported through another path (${target})`,
          });
          continue;
        }
        visited.add(key);
        await walkDir(full, rel, label ?? name, [...ancestors, key]);
        continue;
      }
      if (!st.isFile()) {
        skipped.push({ path: shown(rel), reason: `not a regular file: it is ${fileKindName(st)}` });
        continue;
      }
      if (st.size > maxFileBytes) {
        skipped.push({ path: shown(rel), reason: `file is ${(st.size / 2 ** 20).toFixed(0)} MB, over the ${maxFileBytes / 2 ** 20} MB limit` });
        continue;
      }
      entries.push({ kind: 'file', displayPath: shown(rel), label, size: st.size, read: () => readFile(real) });
      opts.onFound?.(entries.length);
    }
  }

  await walkDir(Buffer.from(root), '', null, [`${rootStat.dev}:${rootStat.ino}`]);
  return { entries, skipped };
}

/** A single image file given as PATH: one unlabeled item. */
export async function singleFile(path: string): Promise<WalkResult> {
  const st = await stat(path);
  if (!st.isFile()) return { entries: [], skipped: [{ path, reason: `not a regular file: it is ${fileKindName(st)}` }] };
  return { entries: [{ kind: 'file', displayPath: path, label: null, size: st.size, read: () => readFile(path) }], skipped: [] };
}
