/**
 * Disk and I/O failures in words a non-coder can act on. Both processes use it: the training process
 * when a checkpoint or cache file cannot be written (ENOSPC, EIO…), the core when SQLite cannot
 * record (SQLITE_FULL, SQLITE_IOERR). null: not a disk problem.
 */
const errnoWords: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'a file grew past what the disk allows',
  EIO: 'the disk reported an input/output error',
  EROFS: 'the disk is read-only',
};

export function ioProblem(err: unknown): string | null {
  if (!err || typeof err !== 'object') return null;
  const code = String((err as { code?: unknown }).code ?? '');
  const message = err instanceof Error ? err.message : '';
  if (errnoWords[code]) return errnoWords[code]!;
  if (code === 'SQLITE_FULL' || /database or disk is full/i.test(message)) return 'the disk is full';
  if (code.startsWith('SQLITE_IOERR') || /disk I\/O error/i.test(message)) return 'the disk reported an input/output error';
  if (code === 'SQLITE_READONLY') return 'the data folder is read-only';
  return null;
}

/** One sentence: what failed, while doing what, and what the user can do; null when `err` is not a disk problem. */
export function ioFailureReason(err: unknown, doing: string): string | null {
  const problem = ioProblem(err);
  if (!problem) return null;
  const code = String((err as { code?: unknown }).code ?? '');
  return `Training stopped because ${problem} (${code || 'I/O error'}) while ${doing}. Free some space or fix the disk, then resume: the last good checkpoint is kept.`;
}

/** An Error whose message is the readable reason (the raw error stays as its cause). */
export class IoFailure extends Error {
  constructor(reason: string, cause: unknown) {
    super(reason, { cause });
    this.name = 'IoFailure';
  }
}

/** Runs a write; a disk failure becomes an IoFailure with a readable message, anything else passes through. */
export function describingIo<T>(doing: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    const reason = ioFailureReason(err, doing);
    throw reason ? new IoFailure(reason, err) : err;
  }
}
