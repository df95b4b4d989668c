import { pidAlive } from './pid-alive';

/**
 * A training process must not outlive the studio process that started it: an orphan would keep
 * training and writing checkpoints nothing records, and a resume elsewhere would then train the same
 * run twice. Two checks, because neither transport signals every way a parent dies: re-parenting
 * (process.ppid changes when the parent is gone, under child_process and utilityProcess alike) and
 * the owner's pid (STUDIO_OWNER_PID, set by the supervisor) no longer existing. The IPC channel's
 * disconnect, the third check, is wired in worker-entry.ts where the channel is known.
 */
export function watchParent(onGone: (why: string) => void, opts: { ownerPid?: number; intervalMs?: number } = {}): () => void {
  const parent = process.ppid;
  const owner = opts.ownerPid ?? (Number(process.env.STUDIO_OWNER_PID) || undefined);
  let fired = false;
  const check = () => {
    if (fired) return;
    let why: string | null = null;
    if (process.ppid !== parent) why = `its parent process ${parent} is gone`;
    else if (owner !== undefined && owner !== parent && !pidAlive(owner)) why = `the studio process ${owner} that owns it is gone`;
    if (why) {
      fired = true;
      onGone(why);
    }
  };
  const timer = setInterval(check, opts.intervalMs ?? 500);
  // unref: the watch alone never keeps a finished training process alive.
  timer.unref();
  return () => clearInterval(timer);
}
