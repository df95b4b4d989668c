import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';

// cli-progress (~50 ms to load) only draws on a terminal: read when a bar is drawn there, not by every command.
const require_ = createRequire(import.meta.url);

/** `--json` prints exactly one JSON document on stdout; everything human goes to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function info(message: string): void {
  process.stderr.write(message + '\n');
}

export interface ProgressBar {
  update(done: number, total: number, detail?: string): void;
  done(): void;
}

/**
 * Progress on stderr. On a terminal, cli-progress redraws one line in place, cut to the terminal's
 * width; when stderr is a pipe or a file (scripts, CI, tests), one plain line each time the
 * percentage moves, in the same `label [###...] done/total pct% detail` shape, so logs stay readable.
 */
export function progressBar(label: string): ProgressBar {
  return process.stderr.isTTY ? ttyBar(label) : lineBar(label);
}

function ttyBar(label: string): ProgressBar {
  const { SingleBar } = require_('cli-progress') as typeof CliProgress;
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {value}/{total} {percentage}% {detail}`,
    barCompleteChar: '#',
    barIncompleteChar: '.',
    barsize: 24,
    hideCursor: false,
    // false: the line is cut to the terminal's width instead of wrapping onto the next.
    linewrap: false,
    clearOnComplete: false,
  });
  let started = false;
  return {
    update(done, total, detail = '') {
      if (!started) {
        bar.start(total, done, { detail });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { detail });
      }
    },
    done() {
      if (started) bar.stop();
    },
  };
}

function lineBar(label: string): ProgressBar {
  let lastPct = -1;
  return {
    update(done, total, detail = '') {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
      if (pct === lastPct) return;
      lastPct = pct;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(`${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${pct}% ${detail}`.trimEnd().slice(0, 160) + '\n');
    },
    done() {},
  };
}
