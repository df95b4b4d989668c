import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Stack } from '@mui/material';
import type { RunSummary } from '../../../shared/domain/run';
import { useCall } from '../api/hooks';
import { navigate } from '../shell/route';
import { endedLine } from './plain';

const live = new Set<RunSummary['status']>(['queued', 'running', 'paused']);

/**
 * When a run this window saw training ends, says so with that run's own next steps. Runs that were
 * already finished when the window opened stay quiet: only a transition is news.
 */
export function RunNotifier() {
  const runs = useCall('runs.list', {});
  const seen = useRef<Map<number, RunSummary['status']> | null>(null);
  const [notes, setNotes] = useState<RunSummary[]>([]);
  useEffect(() => {
    const list = runs.data?.runs;
    if (!list) return;
    const before = seen.current;
    seen.current = new Map(list.map((r) => [r.id, r.status]));
    if (!before) return;
    // A run that appears already finished (started and ended between two fetches) counts too.
    const ended = list.filter((r) => !live.has(r.status) && (before.has(r.id) ? live.has(before.get(r.id)!) : true));
    if (ended.length) setNotes((old) => [...ended, ...old.filter((o) => !ended.some((e) => e.id === o.id))].slice(0, 3));
  }, [runs.data]);
  const close = (id: number) => setNotes((old) => old.filter((n) => n.id !== id));
  if (!notes.length) return null;
  return (
    <Box role="status" aria-live="polite" sx={{ position: 'fixed', right: 16, bottom: 16, zIndex: (t) => t.zIndex.snackbar, maxWidth: 'min(520px, calc(100vw - 32px))' }}>
      <Stack spacing={1}>
        {notes.map((r) => {
          const go = (path: string) => (close(r.id), navigate(path));
          return (
            <Alert
              key={r.id}
              elevation={6}
              variant="filled"
              severity={r.status === 'completed' ? 'success' : r.status === 'failed' ? 'error' : 'info'}
              onClose={() => close(r.id)}
              data-testid={`run-note-${r.id}`}
            >
              <Box>{endedLine(r)}</Box>
              {r.status === 'completed' && (
                <Stack direction="row" spacing={1} sx={{ mt: 1 }} useFlexGap flexWrap="wrap">
                  <Button size="small" color="inherit" variant="outlined" onClick={() => go(`experiments/${r.id}`)} data-testid={`run-note-results-${r.id}`}>
                    See results
                  </Button>
                  <Button size="small" color="inherit" variant="outlined" onClick={() => go(`predict/${r.id}`)} data-testid={`run-note-try-${r.id}`}>
                    Try it
                  </Button>
                  <Button size="small" color="inherit" variant="outlined" onClick={() => go(`experiments/${r.id}/export`)} data-testid={`run-note-export-${r.id}`}>
                    Export
                  </Button>
                </Stack>
              )}
              {r.status !== 'completed' && (
                <Button size="small" color="inherit" variant="outlined" sx={{ mt: 1 }} onClick={() => go(`experiments/${r.id}`)}>
                  Open the run
                </Button>
              )}
            </Alert>
          );
        })}
      </Stack>
    </Box>
  );
}
