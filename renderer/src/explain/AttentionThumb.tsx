import { useEffect, useRef } from 'react';
import { blues } from './colors';

/** One head's token-to-token map as a small picture (rows: attending token, columns: attended token). */
export function AttentionThumb({ map, n, size, label, selected, onSelect, testId }: {
  map: Float32Array;
  n: number;
  size: number;
  label: string;
  selected: boolean;
  onSelect: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || n === 0) return;
    const img = ctx.createImageData(n, n);
    // Each row is a distribution: scale by the map's own peak so weak heads stay readable.
    let peak = 0;
    for (const v of map) peak = Math.max(peak, v);
    for (let i = 0; i < n * n; i++) {
      const [r, g, b] = blues(peak > 0 ? map[i]! / peak : 0);
      img.data.set([r, g, b, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [map, n]);
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-label={label}
      aria-pressed={selected}
      title={label}
      data-testid={testId}
      style={{ padding: 0, border: selected ? '3px solid #1976d2' : '1px solid rgba(128,128,128,0.4)', borderRadius: 2, background: 'none', cursor: 'pointer', lineHeight: 0 }}
    >
      <canvas ref={ref} width={n} height={n} style={{ width: size, height: size, imageRendering: 'pixelated' }} />
    </button>
  );
}
