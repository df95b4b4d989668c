import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, Box, Button, LinearProgress, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { DatasetSummary } from '../../../shared/domain/dataset';
import { plural } from '../runs/plain';
import { captureClassProblem, captureFps, defaultCaptureFrames, maxCaptureFrames, startFrameLoop, type FrameLoop } from './frames';
import { saveFrames } from './save-frames';
import { useCamera } from './useCamera';

const newClass = '__new__';
/** Frames are stored at most this wide or tall: ample for a backbone's 224 px input, small to upload. */
const maxSide = 640;

type Phase = { kind: 'idle' } | { kind: 'recording' } | { kind: 'saving'; frames: number } | { kind: 'saved'; text: string } | { kind: 'error'; text: string };

/**
 * Webcam capture into a class: a live preview and a button that records frames at a steady rate
 * while it is held (pointer, or Space/Enter on the focused button), up to a set count; on release
 * the frames go into the dataset through the ordinary upload-and-import path.
 */
export function CapturePanel({ dataset }: { dataset: DatasetSummary }) {
  const { videoRef, state, retry } = useCamera(true);
  const [choice, setChoice] = useState<string>(dataset.classes[0]?.name ?? newClass);
  const [typed, setTyped] = useState('');
  const [target, setTarget] = useState(String(defaultCaptureFrames));
  const [count, setCount] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const loop = useRef<FrameLoop | null>(null);
  const frames = useRef<Array<Promise<Blob | null>>>([]);
  const canvas = useRef<HTMLCanvasElement | null>(null);

  const className = choice === newClass ? typed.trim() : choice;
  const max = Math.min(maxCaptureFrames, Math.max(1, Math.floor(Number(target)) || defaultCaptureFrames));
  const problem = captureClassProblem(className);
  const busy = phase.kind === 'recording' || phase.kind === 'saving';
  const ready = state.status === 'live' && !problem && !busy;

  // Closing the dialog mid-hold must not leave an interval running.
  useEffect(() => () => loop.current?.stop(), []);

  // Counts the frames the camera delivers, so a tick with no new one takes nothing (see startFrameLoop).
  const delivered = useRef(0);
  const grabbedAt = useRef(-1);
  useEffect(() => {
    const v = videoRef.current;
    if (state.status !== 'live' || !v || !('requestVideoFrameCallback' in v)) return;
    let handle = 0;
    const onFrame = () => {
      delivered.current += 1;
      handle = v.requestVideoFrameCallback(onFrame);
    };
    handle = v.requestVideoFrameCallback(onFrame);
    return () => v.cancelVideoFrameCallback(handle);
  }, [state.status, videoRef]);

  const grab = (): boolean => {
    const v = videoRef.current;
    if (!v || !v.videoWidth) return false;
    // Without requestVideoFrameCallback (older browsers) every tick takes a frame, as before.
    if ('requestVideoFrameCallback' in v) {
      if (delivered.current === grabbedAt.current) return false;
      grabbedAt.current = delivered.current;
    }
    const scale = Math.min(1, maxSide / Math.max(v.videoWidth, v.videoHeight));
    const c = (canvas.current ??= document.createElement('canvas'));
    c.width = Math.round(v.videoWidth * scale);
    c.height = Math.round(v.videoHeight * scale);
    c.getContext('2d')!.drawImage(v, 0, 0, c.width, c.height);
    // toBlob encodes a copy of the bitmap as it is now, so one canvas serves every frame.
    frames.current.push(new Promise((r) => c.toBlob(r, 'image/jpeg', 0.9)));
    return true;
  };

  const save = async (n: number) => {
    loop.current = null;
    const blobs = (await Promise.all(frames.current)).filter((b): b is Blob => b !== null);
    frames.current = [];
    if (n === 0 || blobs.length === 0) {
      setPhase({ kind: 'idle' });
      return;
    }
    setPhase({ kind: 'saving', frames: blobs.length });
    try {
      const s = await saveFrames(dataset.id, className, blobs);
      if (s.status !== 'completed') throw new Error(s.error ?? `the import ${s.status}`);
      const extra = [s.duplicates ? `${plural(s.duplicates, 'frame')} identical to images it already had` : '', s.skipped.length ? `${plural(s.skipped.length, 'frame')} skipped` : '']
        .filter(Boolean)
        .join(', ');
      setPhase({ kind: 'saved', text: `Added ${plural(s.items, 'image')} to “${className}”${extra ? ` (${extra})` : ''}. It now has ${plural(s.classes[className] ?? s.items, 'image')}.` });
    } catch (err) {
      setPhase({ kind: 'error', text: `The frames could not be saved: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  const start = () => {
    if (!ready || loop.current) return;
    frames.current = [];
    setCount(0);
    setPhase({ kind: 'recording' });
    loop.current = startFrameLoop({
      fps: captureFps,
      max,
      take: (i) => {
        if (!grab()) return false;
        setCount(i + 1);
        return true;
      },
      onDone: (n) => void save(n),
    });
  };
  const stop = () => loop.current?.stop();

  const holdKey = (e: KeyboardEvent) => e.key === ' ' || e.key === 'Enter';

  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField select size="small" label="Class" value={choice} onChange={(e) => setChoice(e.target.value)} disabled={busy} sx={{ minWidth: 200 }} slotProps={{ htmlInput: { 'data-testid': 'capture-class' } }}>
          {dataset.classes.map((c) => (
            <MenuItem key={c.id} value={c.name}>
              {c.name}
            </MenuItem>
          ))}
          <MenuItem value={newClass}>New class…</MenuItem>
        </TextField>
        {choice === newClass && (
          <TextField size="small" label="New class name" value={typed} onChange={(e) => setTyped(e.target.value)} disabled={busy} slotProps={{ htmlInput: { 'data-testid': 'capture-new-class', maxLength: 200 } }} />
        )}
        <TextField
          size="small"
          type="number"
          label="Frames per hold"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          disabled={busy}
          sx={{ width: 150 }}
          slotProps={{ htmlInput: { min: 1, max: maxCaptureFrames, 'data-testid': 'capture-frames' } }}
        />
      </Stack>

      {state.status === 'failed' ? (
        <Alert severity="warning" data-testid="capture-camera-error" action={<Button onClick={retry}>Try again</Button>}>
          {state.message}
        </Alert>
      ) : (
        <Box sx={{ position: 'relative', width: '100%', maxWidth: 480, aspectRatio: '4 / 3', bgcolor: 'grey.900', borderRadius: 1, overflow: 'hidden' }}>
          <video ref={videoRef} muted playsInline aria-label="Camera preview" data-testid="capture-preview" style={{ width: '100%', height: '100%', objectFit: 'contain' }} />
          {state.status === 'starting' && (
            <Typography sx={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center', color: 'common.white' }}>Starting the camera…</Typography>
          )}
        </Box>
      )}

      <Stack direction="row" spacing={2} alignItems="center">
        <Button
          variant="contained"
          color={phase.kind === 'recording' ? 'error' : 'primary'}
          disabled={!ready && phase.kind !== 'recording'}
          data-testid="capture-hold"
          onPointerDown={(e) => {
            // Capture keeps the release with this button even if the pointer slides off it.
            e.currentTarget.setPointerCapture(e.pointerId);
            start();
          }}
          onPointerUp={stop}
          onPointerCancel={stop}
          onKeyDown={(e) => {
            if (!holdKey(e)) return;
            e.preventDefault();
            if (!e.repeat) start();
          }}
          onKeyUp={(e) => holdKey(e) && stop()}
          onBlur={stop}
          onContextMenu={(e) => e.preventDefault()}
          sx={{ touchAction: 'none', userSelect: 'none' }}
        >
          {phase.kind === 'recording' ? 'Recording… release to stop' : 'Hold to record'}
        </Button>
        <Typography data-testid="capture-count" aria-live="polite">
          {count} / {max} frames
        </Typography>
      </Stack>
      {(phase.kind === 'recording' || phase.kind === 'saving') && <LinearProgress variant={phase.kind === 'saving' ? 'indeterminate' : 'determinate'} value={(count / max) * 100} aria-label="Capture progress" />}
      {problem && state.status === 'live' && <Typography color="text.secondary">{problem}</Typography>}
      {phase.kind === 'saving' && <Typography data-testid="capture-status">Saving {plural(phase.frames, 'frame')} to “{className}”…</Typography>}
      {phase.kind === 'saved' && (
        <Alert severity="success" data-testid="capture-status">
          {phase.text}
        </Alert>
      )}
      {phase.kind === 'error' && (
        <Alert severity="error" data-testid="capture-status">
          {phase.text}
        </Alert>
      )}
      <Typography variant="body2" color="text.secondary">
        Hold the button (or hold Space while it is focused) to take {captureFps} frames a second, up to {max}. Move the subject a little between holds: varied frames teach more than identical ones.
      </Typography>
    </Stack>
  );
}
