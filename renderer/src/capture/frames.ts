/** Frames per second while the record button is held: ten a second gives 30 frames in three seconds. */
export const captureFps = 10;
/** Frames per hold unless the user asks for another count (Teachable Machine-sized bursts). */
export const defaultCaptureFrames = 30;
export const maxCaptureFrames = 300;

/**
 * The upload path of one captured frame. Captures go through the same upload-and-import path as a
 * dropped folder, where a file's first folder under the wrapping one is its class
 * (electron/core/datasets/relpaths.ts): `webcam/<class>/<file>` lands in <class>, creating it if new.
 * A class name that cannot be one path segment (a slash, "." or "..", a name the importer drops as
 * system junk) cannot travel that way, so the caller is told instead of the frames going astray.
 */
export function captureFilePath(className: string, stamp: string, index: number): string | null {
  const name = className.trim();
  if (!captureClassProblem(name)) return `webcam/${name}/capture-${stamp}-${String(index + 1).padStart(3, '0')}.jpg`;
  return null;
}

/** Why a class name cannot receive captured frames, or null when it can. */
export function captureClassProblem(className: string): string | null {
  const name = className.trim();
  if (!name) return 'Pick a class or type a new one.';
  if (/[/\\]/.test(name)) return 'A class name with / or \\ cannot receive webcam frames; rename the class first.';
  if (name === '.' || name === '..' || name === '.DS_Store' || name === 'Thumbs.db' || name === 'desktop.ini' || name === '__MACOSX' || name.startsWith('._')) {
    return `“${name}” cannot be used as a class name for webcam frames.`;
  }
  return null;
}

/** A stamp that keeps file names of successive holds apart (the importer dedupes by content anyway). */
export function captureStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
}

/** What to tell the user when getUserMedia fails, in their words rather than the DOMException's. */
export function cameraErrorMessage(err: unknown): string {
  const name = err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err) ? String((err as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera permission was refused. Allow the camera for this page (the camera icon in the address bar, or the system privacy settings), then try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'No camera was found. Connect a webcam and try again, or add images from a folder instead.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another app may be using it. Close that app and try again.';
    case 'Unsupported':
      return 'This browser cannot use a camera here: cameras work only on https pages or on this computer (localhost).';
    default:
      return `The camera could not be started${err instanceof Error && err.message ? `: ${err.message}` : '.'}`;
  }
}

export interface FrameLoop {
  /** Stops taking frames; the frames taken so far are kept. */
  stop(): void;
}

/**
 * Takes a frame every 1/fps seconds until `max` frames or stop(). A fixed interval (not one frame
 * per animation frame) so a hold of t seconds gives about t·fps frames on any screen's refresh rate.
 * The first frame is taken at once, so a short tap records one frame. `take` returns false when it
 * had nothing new to take (the camera has not delivered a frame since the last one: a busy machine or
 * a slow camera), and that tick is not counted, so a hold never saves the same picture twice.
 */
export function startFrameLoop(opts: {
  fps: number;
  max: number;
  take: (index: number) => boolean;
  onDone: (count: number) => void;
  timers?: { setInterval: (fn: () => void, ms: number) => unknown; clearInterval: (h: unknown) => void };
}): FrameLoop {
  const timers = opts.timers ?? {
    setInterval: (fn: () => void, ms: number) => globalThis.setInterval(fn, ms),
    clearInterval: (h: unknown) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
  };
  let count = 0;
  let stopped = false;
  let handle: unknown = null;
  const finish = () => {
    if (stopped) return;
    stopped = true;
    if (handle !== null) timers.clearInterval(handle);
    opts.onDone(count);
  };
  const tick = () => {
    if (stopped) return;
    if (!opts.take(count)) return;
    count += 1;
    if (count >= opts.max) finish();
  };
  tick();
  if (!stopped) handle = timers.setInterval(tick, 1000 / opts.fps);
  return { stop: finish };
}
