import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A little disk space held back for the store: when the disk fills up mid-run, the core deletes this
 * file so that it can still record how the run ended (failed, and why) instead of leaving it "running".
 * Re-made at the next launch when there is room again.
 */
const RESERVE_BYTES = 1 << 20;
const reservePath = (dataDir: string) => join(dataDir, 'runs', '.space-reserve');

export function ensureSpaceReserve(dataDir: string): void {
  const p = reservePath(dataDir);
  if (existsSync(p)) return;
  try {
    mkdirSync(join(dataDir, 'runs'), { recursive: true });
    writeFileSync(p, Buffer.alloc(RESERVE_BYTES));
  } catch {
    // No room for it now: the run goes ahead without the reserve.
    rmSync(p, { force: true });
  }
}

/** Frees the reserve; true when there was one to free. */
export function releaseSpaceReserve(dataDir: string): boolean {
  const p = reservePath(dataDir);
  if (!existsSync(p)) return false;
  rmSync(p, { force: true });
  return true;
}
