/** Turns how a training process ended into a sentence a non-coder can act on. */
export function describeExit(code: number | null, signal: string | null, stderrTail: string, lastError: string | null): string {
  const oom = /out of memory|heap out of memory|Aborted\(OOM\)|Cannot enlarge memory|RangeError: Array buffer allocation failed|std::bad_alloc/i;
  if (oom.test(stderrTail) || (lastError && oom.test(lastError))) {
    return 'The training process ran out of memory. Try a smaller batch size, probe mode, or fewer finetuned blocks.';
  }
  if (lastError) return lastError;
  if (signal === 'SIGKILL') return 'The training process was killed (SIGKILL) — by the system if memory ran out, or by hand. Resume continues from the last checkpoint.';
  if (signal) return `The training process stopped on signal ${signal}.`;
  // An uncaught exception ends with its stack and "Node.js vX": the error line above them is the one to show.
  const lines = stderrTail.trim().split('\n').filter(Boolean);
  const last = lines.filter((l) => /^(\w*Error|\w+Exception)\b/.test(l.trim())).pop() ?? lines.filter((l) => !/^Node\.js v\d/.test(l) && !/^\s+at /.test(l)).pop();
  return `The training process exited with code ${code}${last ? `: ${last.slice(0, 300)}` : ''}.`;
}
