import type { ClassInfo } from '../../../shared/domain/dataset';
import { StudioError } from '../../../shared/api/errors';
import type { Db } from '../store/db';
import { itemsRepo } from '../store/repos/items';
import { labelsRepo, type LabelRow } from '../store/repos/labels';

export function classList(db: Db, datasetId: number): ClassInfo[] {
  return labelsRepo(db).listWithCounts(datasetId).map((c) => ({ id: c.id, name: c.name, position: c.position, count: c.count }));
}

function classOf(db: Db, datasetId: number, classId: number): LabelRow {
  const c = labelsRepo(db).get(classId);
  if (!c || c.datasetId !== datasetId) throw new StudioError('not_found', `No class #${classId} in dataset #${datasetId}.`);
  return c;
}

function info(db: Db, datasetId: number, classId: number): ClassInfo {
  return classList(db, datasetId).find((c) => c.id === classId)!;
}

export function addClass(db: Db, datasetId: number, name: string): ClassInfo {
  const labels = labelsRepo(db);
  if (labels.findByName(datasetId, name)) throw new StudioError('conflict', `A class named "${name}" already exists.`);
  return info(db, datasetId, labels.create(datasetId, name).id);
}

export function renameClass(db: Db, datasetId: number, classId: number, name: string): ClassInfo {
  const c = classOf(db, datasetId, classId);
  const other = labelsRepo(db).findByName(datasetId, name);
  if (other && other.id !== c.id) throw new StudioError('conflict', `A class named "${name}" already exists; merge into it instead.`);
  labelsRepo(db).rename(classId, name);
  return info(db, datasetId, classId);
}

export function mergeClass(db: Db, datasetId: number, fromId: number, intoId: number): number {
  if (fromId === intoId) throw new StudioError('bad_input', 'A class cannot be merged into itself.');
  classOf(db, datasetId, fromId);
  classOf(db, datasetId, intoId);
  return db.transaction(() => {
    const moved = itemsRepo(db).relabelAll(datasetId, fromId, intoId);
    labelsRepo(db).remove(fromId);
    return moved;
  })();
}

export function deleteClass(db: Db, datasetId: number, classId: number, reassignTo: number | null): number {
  classOf(db, datasetId, classId);
  if (reassignTo === classId) throw new StudioError('bad_input', 'Items cannot be reassigned to the class being deleted.');
  if (reassignTo !== null) classOf(db, datasetId, reassignTo);
  return db.transaction(() => {
    const moved = itemsRepo(db).relabelAll(datasetId, classId, reassignTo);
    labelsRepo(db).remove(classId);
    return moved;
  })();
}

export interface Assignment {
  itemIds: number[];
  labelId: number | null;
}

/** Applies assignments in one transaction and returns the previous classes grouped the same way (the undo). */
export function assignLabels(db: Db, datasetId: number, assignments: readonly Assignment[]): { previous: Assignment[]; changed: number } {
  for (const a of assignments) if (a.labelId !== null) classOf(db, datasetId, a.labelId);
  const items = itemsRepo(db);
  return db.transaction(() => {
    const before = new Map<number | null, number[]>();
    let changed = 0;
    for (const a of assignments) {
      const prev = items.labelsOf(datasetId, a.itemIds);
      for (const [id, labelId] of prev) {
        const list = before.get(labelId) ?? [];
        list.push(id);
        before.set(labelId, list);
      }
      changed += items.setLabel(datasetId, [...prev.keys()], a.labelId);
    }
    return { previous: [...before].map(([labelId, itemIds]) => ({ itemIds, labelId })), changed };
  })();
}
