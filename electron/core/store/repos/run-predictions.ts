import type { Db } from '../db';

export interface PredictionRow {
  itemId: number;
  subset: 'train' | 'val' | 'test';
  trueLabel: string;
  predictedLabel: string;
  confidence: number;
  probs: number[];
}

export interface PredictionFilter {
  trueLabel?: string;
  predictedLabel?: string;
  misclassifiedOnly?: boolean;
}

/** A stored prediction joined with what the item is now (its live label may differ from the snapshot's). */
export interface PredictionWithItem extends PredictionRow {
  contentHash: string;
  name: string;
  currentLabelId: number | null;
  currentLabel: string | null;
  text: string | null;
}

function where(f: PredictionFilter): { sql: string; args: unknown[] } {
  const parts = ['p.run_id = ?'];
  const args: unknown[] = [];
  if (f.trueLabel !== undefined) {
    parts.push('p.true_label = ?');
    args.push(f.trueLabel);
  }
  if (f.predictedLabel !== undefined) {
    parts.push('p.predicted_label = ?');
    args.push(f.predictedLabel);
  }
  if (f.misclassifiedOnly) parts.push('p.true_label <> p.predicted_label');
  return { sql: parts.join(' AND '), args };
}

export function runPredictionsRepo(db: Db) {
  return {
    /** Replaces every prediction of the run in one transaction. */
    replace(runId: number, rows: readonly PredictionRow[]): void {
      const ins = db.prepare(
        'INSERT INTO run_predictions (run_id, item_id, subset, true_label, predicted_label, confidence, probs) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      db.transaction(() => {
        db.prepare('DELETE FROM run_predictions WHERE run_id = ?').run(runId);
        for (const r of rows) ins.run(runId, r.itemId, r.subset, r.trueLabel, r.predictedLabel, Math.min(1, Math.max(0, r.confidence)), JSON.stringify(r.probs));
      })();
    },
    count(runId: number, f: PredictionFilter = {}): number {
      const w = where(f);
      return (db.prepare(`SELECT COUNT(*) AS n FROM run_predictions p WHERE ${w.sql}`).get(runId, ...w.args) as { n: number }).n;
    },
    /** Misclassified items come most-confident first: those are the likeliest label mistakes. */
    list(runId: number, f: PredictionFilter, offset: number, limit: number): PredictionWithItem[] {
      const w = where(f);
      const rows = db
        .prepare(
          `SELECT p.item_id, p.subset, p.true_label, p.predicted_label, p.confidence, p.probs,
                  items.content_hash, items.name, items.text, items.label_id, labels.name AS current_label
           FROM run_predictions p JOIN items ON items.id = p.item_id LEFT JOIN labels ON labels.id = items.label_id
           WHERE ${w.sql} ORDER BY p.confidence DESC, p.item_id LIMIT ? OFFSET ?`,
        )
        .all(runId, ...w.args, limit, offset) as Array<{
        item_id: number;
        subset: PredictionRow['subset'];
        true_label: string;
        predicted_label: string;
        confidence: number;
        probs: string;
        content_hash: string;
        name: string;
        text: string | null;
        label_id: number | null;
        current_label: string | null;
      }>;
      return rows.map((r) => ({
        itemId: r.item_id,
        subset: r.subset,
        trueLabel: r.true_label,
        predictedLabel: r.predicted_label,
        confidence: r.confidence,
        probs: JSON.parse(r.probs) as number[],
        contentHash: r.content_hash,
        name: r.name,
        text: r.text,
        currentLabelId: r.label_id,
        currentLabel: r.current_label,
      }));
    },
  };
}
export type RunPredictionsRepo = ReturnType<typeof runPredictionsRepo>;
