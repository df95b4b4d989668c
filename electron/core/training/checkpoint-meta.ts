import { openSync, readSync, closeSync } from 'node:fs';
import type { CheckpointMeta } from './engine/checkpoint';

/** The header of a checkpoint without loading tfjs (the core process never does). */
export function readCheckpointMeta(path: string): CheckpointMeta {
  const fd = openSync(path, 'r');
  try {
    const len = Buffer.alloc(4);
    readSync(fd, len, 0, 4, 0);
    const header = Buffer.alloc(len.readUInt32LE(0));
    readSync(fd, header, 0, header.length, 4);
    return (JSON.parse(header.toString()) as { meta: CheckpointMeta }).meta;
  } finally {
    closeSync(fd);
  }
}
