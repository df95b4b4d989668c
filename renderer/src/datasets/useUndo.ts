import { useCallback, useRef, useState } from 'react';

export interface Assignment {
  itemIds: number[];
  labelId: number | null;
}

export interface LabelChange {
  forward: Assignment[];
  previous: Assignment[];
}

/** Undo/redo of label changes: each entry holds what was set and what was there before (from the core). */
export function useUndo() {
  const undo = useRef<LabelChange[]>([]);
  const redo = useRef<LabelChange[]>([]);
  const [, bump] = useState(0);
  return {
    push: useCallback((c: LabelChange) => {
      undo.current.push(c);
      if (undo.current.length > 500) undo.current.shift();
      redo.current = [];
      bump((n) => n + 1);
    }, []),
    takeUndo: useCallback(() => {
      const c = undo.current.pop();
      if (c) redo.current.push(c);
      bump((n) => n + 1);
      return c;
    }, []),
    takeRedo: useCallback(() => {
      const c = redo.current.pop();
      if (c) undo.current.push(c);
      bump((n) => n + 1);
      return c;
    }, []),
    canUndo: undo.current.length > 0,
    canRedo: redo.current.length > 0,
  };
}
