import { copyFile, lstat, mkdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/**
 * The cache uses huggingface_hub's layout, so a folder can be shared with Python tools and the
 * snapshot folder is exactly what the backbone loaders read:
 *
 *   <cacheDir>/models--<org>--<name>/
 *     blobs/<etag>                 file contents, named by sha256 (LFS) or git blob id
 *     blobs/<etag>.incomplete      a download in progress; resumed with Range
 *     refs/<revision>              the commit sha a branch/tag resolved to (for offline use)
 *     snapshots/<commit>/<file>    relative symlink to ../../blobs/<etag> (a copy where symlinks fail)
 *
 * The default cacheDir is `<dataDir>/hub` (see defaultHubCacheDir).
 */
export function defaultHubCacheDir(dataDir: string): string {
  return join(dataDir, 'hub');
}

export function repoFolder(cacheDir: string, repo: string): string {
  return join(cacheDir, `models--${repo.split('/').join('--')}`);
}

export function blobPath(cacheDir: string, repo: string, etag: string): string {
  return join(repoFolder(cacheDir, repo), 'blobs', etag);
}

export function incompletePath(cacheDir: string, repo: string, etag: string): string {
  return `${blobPath(cacheDir, repo, etag)}.incomplete`;
}

export function snapshotDir(cacheDir: string, repo: string, commit: string): string {
  return join(repoFolder(cacheDir, repo), 'snapshots', commit);
}

function refPath(cacheDir: string, repo: string, revision: string): string {
  return join(repoFolder(cacheDir, repo), 'refs', ...revision.split('/'));
}

export async function writeRef(cacheDir: string, repo: string, revision: string, commit: string): Promise<void> {
  if (revision === commit) return;
  const p = refPath(cacheDir, repo, revision);
  await mkdir(dirname(p), { recursive: true });
  await writeFile(p, commit);
}

export async function readRef(cacheDir: string, repo: string, revision: string): Promise<string | undefined> {
  if (/^[0-9a-f]{40}$/i.test(revision)) return revision.toLowerCase();
  try {
    const s = (await readFile(refPath(cacheDir, repo, revision), 'utf8')).trim();
    return /^[0-9a-f]{40}$/i.test(s) ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Put a finished blob into the snapshot: relative symlink, or a copy where symlinks are not allowed (Windows without developer mode). */
export async function linkIntoSnapshot(blob: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await rm(target, { force: true });
  try {
    await symlink(relative(dirname(target), blob), target);
  } catch {
    const tmp = `${target}.tmp`;
    await copyFile(blob, tmp);
    await rename(tmp, target);
  }
}

/** Size of what a path resolves to, or undefined if missing (a dangling symlink counts as missing). */
export async function existingSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

export async function isPresent(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
