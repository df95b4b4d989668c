import { useEffect, useRef, useState } from 'react';
import { cameraErrorMessage } from './frames';

export type CameraState = { status: 'starting' } | { status: 'live' } | { status: 'failed'; message: string };

/**
 * Opens the camera while `on` is true and shows it in the returned video ref; the tracks are stopped
 * when `on` turns false or the component goes, so the camera light goes out with the dialog.
 */
export function useCamera(on: boolean): { videoRef: React.RefObject<HTMLVideoElement | null>; state: CameraState; retry: () => void } {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>({ status: 'starting' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | null = null;
    let cancelled = false;
    setState({ status: 'starting' });
    const open = async () => {
      // Insecure origins have no navigator.mediaDevices at all.
      if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no mediaDevices'), { name: 'Unsupported' });
      const s = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
      if (cancelled) {
        s.getTracks().forEach((t) => t.stop());
        return;
      }
      stream = s;
      const v = videoRef.current;
      if (v) {
        v.srcObject = s;
        await v.play();
      }
      if (!cancelled) setState({ status: 'live' });
    };
    open().catch((err: unknown) => {
      if (!cancelled) setState({ status: 'failed', message: cameraErrorMessage(err) });
    });
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [on, attempt]);
  return { videoRef, state, retry: () => setAttempt((n) => n + 1) };
}
