import { useEffect, useRef } from 'react';
import { jet } from './colors';

/**
 * The network's input with the class map on top: the [h, w] map drawn as a tiny canvas and scaled by the
 * browser's bilinear smoothing, its opacity set by the slider.
 */
export function HeatOverlay({ inputPng, cam, h, w, opacity, size = 224 }: { inputPng: string; cam: number[]; h: number; w: number; opacity: number; size?: number }) {
  const heatRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = heatRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const small = document.createElement('canvas');
    small.width = w;
    small.height = h;
    const sctx = small.getContext('2d')!;
    const img = sctx.createImageData(w, h);
    cam.forEach((v, i) => img.data.set([...jet(v), 255], i * 4));
    sctx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.drawImage(small, 0, 0, c.width, c.height);
  }, [cam, h, w]);
  return (
    <div style={{ position: 'relative', width: size, height: size }} data-testid="heat-overlay">
      <img src={`data:image/png;base64,${inputPng}`} alt="what the model saw" width={size} height={size} style={{ position: 'absolute', inset: 0, imageRendering: 'pixelated' }} />
      <canvas ref={heatRef} width={size} height={size} style={{ position: 'absolute', inset: 0, opacity }} data-testid="heat-canvas" data-opacity={opacity} />
    </div>
  );
}
