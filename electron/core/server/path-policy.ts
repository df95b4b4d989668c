import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export type PathAccess = 'read' | 'write';

export interface PathPolicyOptions {
  dataDir: string;
  /** Folders the user chose (`serve --export-dir`) where exports and prediction CSVs may also be written. */
  exportDirs?: readonly string[];
  /** Folders the user chose (`serve --read-dir`) that imports, evaluation and predictions may read. */
  readDirs?: readonly string[];
  /**
   * Confine reads to the data folder, the export and the read folders. Off on loopback with no
   * --read-dir: then only someone on this machine holding the token can ask, and the path box
   * in the UI is how they pick a folder.
   */
  confineReads: boolean;
}

export interface PathPolicy {
  readonly confineReads: boolean;
  /** Why `path` may not be used for `access`, or undefined when it may. */
  check(access: PathAccess, path: string): string | undefined;
  roots(access: PathAccess): string[];
}

/**
 * The real location a path names: symlinks resolved as far as the path exists, the rest appended
 * (an output file or folder need not exist yet). Undefined for a dangling symlink, whose target
 * a write would follow wherever it points.
 */
export function realLocation(path: string): string | undefined {
  const abs = resolve(path);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return join(realpathSync.native(cur), ...rest.reverse());
    } catch {
      try {
        lstatSync(cur);
        return undefined; // exists but cannot be resolved: a dangling or looping symlink
      } catch {
        // does not exist: resolve its parent
      }
      const parent = dirname(cur);
      if (parent === cur) return abs;
      rest.push(basename(cur));
      cur = parent;
    }
  }
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
}

/**
 * What the browser-mode API may touch on disk. Writes never leave `<data>/exports` and the export
 * folders: the data folder itself holds studio.db and the weights, which an `out` path must not
 * overwrite. Reads are free or confined, as the options say.
 */
export function createPathPolicy(opts: PathPolicyOptions): PathPolicy {
  const writeRoots = [join(opts.dataDir, 'exports'), ...(opts.exportDirs ?? [])].map((r) => resolve(r));
  const readRoots = [opts.dataDir, ...(opts.exportDirs ?? []), ...(opts.readDirs ?? [])].map((r) => resolve(r));
  const roots = (access: PathAccess) => (access === 'write' ? writeRoots : readRoots);
  return {
    confineReads: opts.confineReads,
    roots: (access) => [...roots(access)],
    check(access, path) {
      if (access === 'read' && !opts.confineReads) return undefined;
      const allowed = roots(access);
      const target = realLocation(path);
      const ok = target !== undefined && allowed.some((r) => {
        const real = realLocation(r);
        return real !== undefined && inside(real, target);
      });
      if (ok) return undefined;
      const where = allowed.join(', ');
      return access === 'write'
        ? `${path} is outside the folders this server may write to (${where}); start \`studio serve\` with --export-dir DIR to allow another.`
        : `${path} is outside the folders this server may read (${where}); start \`studio serve\` with --read-dir DIR to allow another, or upload the files.`;
    },
  };
}
