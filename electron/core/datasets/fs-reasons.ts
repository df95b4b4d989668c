/** Turns a filesystem error into the one-line reason a non-coder reads in the skip list. */
export function fsReason(err: unknown, what = 'file'): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `cannot read ${what}: permission denied`;
    case 'ENOENT':
      return `cannot read ${what}: it no longer exists (or is a broken link)`;
    case 'ELOOP':
      return 'symbolic link loop: the link points back to itself';
    case 'EISDIR':
      return `cannot read ${what}: it is a folder`;
    case 'EIO':
      return `cannot read ${what}: input/output error (damaged disk or disconnected drive)`;
    case 'ENAMETOOLONG':
      return `cannot read ${what}: path too long`;
    case 'EMFILE':
    case 'ENFILE':
      return `cannot read ${what}: too many open files`;
    default: {
      const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      // Errors without an errno code come from our own readers (zip entries) and already say what is wrong.
      return code === undefined ? msg : `cannot read ${what}: ${msg}`;
    }
  }
}

export function fileKindName(mode: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (mode.isFIFO()) return 'a named pipe';
  if (mode.isSocket()) return 'a socket';
  if (mode.isCharacterDevice() || mode.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
