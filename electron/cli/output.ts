/** `--json` prints exactly one JSON document on stdout; everything human goes to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function info(message: string): void {
  process.stderr.write(message + '\n');
}

/** A one-line progress bar on stderr, redrawn in place when stderr is a terminal. */
export function progressBar(label: string): { update(done: number, total: number, detail?: string): void; done(): void } {
  const tty = process.stderr.isTTY;
  let lastPct = -1;
  return {
    update(done, total, detail = '') {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
      if (!tty && pct === lastPct) return;
      lastPct = pct;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${pct}% ${detail}`.slice(0, 160);
      process.stderr.write(tty ? `\r${line}\x1b[K` : line + '\n');
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
