import type { Prediction } from '../../../shared/api/methods/predict';

/** RFC 4180 quoting: a field with a comma, quote or newline is quoted and its quotes doubled. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** file,label,score then label_2,score_2 … for the rest of the top k. */
export function predictionsCsv(predictions: readonly Prediction[], k: number): string {
  const header = ['file', 'label', 'score'];
  for (let i = 2; i <= k; i++) header.push(`label_${i}`, `score_${i}`);
  const lines = [header.join(',')];
  for (const p of predictions) {
    const row: Array<string | number> = [p.file, p.label, p.score.toFixed(6)];
    for (let i = 1; i < k; i++) {
      const t = p.top[i];
      row.push(t?.label ?? '', t ? t.score.toFixed(6) : '');
    }
    lines.push(row.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}
