import { describe, expect, it } from 'vitest';
import { labelsFromRelativePaths } from '../../electron/core/datasets/relpaths';
import { cameraErrorMessage, captureClassProblem, captureFilePath, captureStamp, startFrameLoop } from '../../renderer/src/capture/frames';

/** Fake timers: the interval's callback is run by hand, so the test decides when each tick happens. */
function manualTimers() {
  let fn: (() => void) | null = null;
  let ms = 0;
  return {
    timers: {
      setInterval: (f: () => void, m: number) => ((fn = f), (ms = m), 1),
      clearInterval: () => (fn = null),
    },
    tick: () => fn?.(),
    running: () => fn !== null,
    ms: () => ms,
  };
}

describe('webcam capture', () => {
  it('names frames so the importer puts them in the chosen class, and refuses names that cannot be a folder', () => {
    const stamp = captureStamp(new Date('2026-11-28T08:50:01.123Z'));
    expect(stamp).toBe('20261128-085001');
    const paths = [0, 1, 29].map((i) => captureFilePath(' thumbs up ', stamp, i)!);
    expect(paths[0]).toBe('webcam/thumbs up/capture-20261128-085001-001.jpg');
    // The importer's own reading of the paths: the class is the chosen one for every frame.
    expect(labelsFromRelativePaths(paths).map((l) => l.label)).toEqual(['thumbs up', 'thumbs up', 'thumbs up']);
    for (const bad of ['a/b', 'a\\b', '..', '.', '', '  ', '__MACOSX', '._x']) {
      expect(captureFilePath(bad, stamp, 0)).toBeNull();
      expect(captureClassProblem(bad)).toMatch(/.+/);
    }
  });

  it('takes one frame at once, then one per interval with a new camera frame, and stops at the count or on release', () => {
    const t = manualTimers();
    const taken: number[] = [];
    let done = -1;
    startFrameLoop({ fps: 10, max: 3, take: (i) => taken.push(i) > 0, onDone: (n) => (done = n), timers: t.timers });
    expect(taken).toEqual([0]);
    expect(t.ms()).toBe(100);
    t.tick();
    t.tick();
    expect(taken).toEqual([0, 1, 2]);
    expect(done).toBe(3);
    expect(t.running()).toBe(false);

    const t2 = manualTimers();
    const taken2: number[] = [];
    let done2 = -1;
    let calls = 0;
    // The camera has no new frame at the second tick: that tick takes nothing and counts nothing.
    const fresh = [true, false, true];
    const loop = startFrameLoop({ fps: 10, max: 30, take: (i) => (fresh.shift() ?? true) && taken2.push(i) > 0, onDone: (n) => ((done2 = n), calls++), timers: t2.timers });
    t2.tick();
    t2.tick();
    loop.stop();
    loop.stop();
    t2.tick();
    expect(taken2).toEqual([0, 1]);
    expect(done2).toBe(2);
    expect(calls).toBe(1);
  });

  it('says why the camera did not start in plain words', () => {
    const err = (name: string) => Object.assign(new Error('x'), { name });
    expect(cameraErrorMessage(err('NotAllowedError'))).toMatch(/permission was refused/);
    expect(cameraErrorMessage(err('NotFoundError'))).toMatch(/No camera was found/);
    expect(cameraErrorMessage(err('NotReadableError'))).toMatch(/another app/);
    expect(cameraErrorMessage(err('Unsupported'))).toMatch(/https/);
  });
});
