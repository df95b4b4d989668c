import type { ImportConflict } from '../../../shared/domain/dataset';
import type { Db } from '../store/db';
import { itemsRepo } from '../store/repos/items';
import { labelsRepo } from '../store/repos/labels';

interface Copy {
  /** Position in the work list: decides which copy is "first" however the workers interleave. */
  order: number;
  path: string;
  label: string | null;
}

/**
 * Watches for the same bytes arriving under different classes. Copies of one hash are collected
 * while the import runs (the first may already be written when a clashing copy turns up), and
 * `settle` fixes the labels once every copy is known:
 * - copies that claim two or more classes: the item is unlabeled and the clash reported;
 * - copies that agree on one class beside loose (unlabeled) copies: the item takes that class,
 *   whichever copy was written first, since a loose file claims none.
 */
export class ConflictTracker {
  private readonly copies = new Map<string, Copy[]>();
  private readonly existing: ImportConflict[] = [];

  /** A copy of bytes this import is bringing in. */
  add(hash: string, copy: Copy): void {
    const list = this.copies.get(hash);
    if (list) list.push(copy);
    else this.copies.set(hash, [copy]);
  }

  /** A copy of an item the dataset had before this import: its label is the user's and stays. */
  againstExisting(existing: { path: string; label: string | null }, path: string, label: string | null): void {
    if (existing.label === null || label === null || existing.label === label) return;
    this.existing.push({
      paths: [existing.path, path],
      labels: [existing.label, label],
      resolution: `already in the dataset as ${existing.label}; that label was kept`,
    });
  }

  /** Fixes labels of items this import wrote (`imported` says whether a hash became an item) and lists the clashes. */
  settle(db: Db, datasetId: number, imported: (hash: string) => boolean): ImportConflict[] {
    const items = itemsRepo(db);
    const labels = labelsRepo(db);
    const out: ImportConflict[] = [];
    db.transaction(() => {
      for (const [hash, list] of this.copies) {
        if (list.length < 2 || !imported(hash)) continue;
        list.sort((a, b) => a.order - b.order);
        const claimed = [...new Set(list.map((c) => c.label).filter((l): l is string => l !== null))];
        if (claimed.length >= 2) {
          items.setLabelOfHash(datasetId, hash, null);
          // Every class the source named exists, so the user can give the image one of them.
          for (const l of claimed) labels.ensure(datasetId, l);
          out.push({
            paths: list.map((c) => c.path),
            labels: claimed,
            resolution: `the same image is under ${claimed.join(' and ')}: imported once, unlabeled; give it its class in the workspace`,
          });
        } else if (claimed.length === 1 && list.some((c) => c.label === null)) {
          items.setLabelOfHash(datasetId, hash, labels.ensure(datasetId, claimed[0]!).id);
        }
      }
    })();
    return [...out, ...this.existing];
  }
}
