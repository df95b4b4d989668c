import { useState } from 'react';
import { Alert, Box, Button, LinearProgress, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { studio } from '../api/studio';
import { ConfusionMatrix } from './ConfusionMatrix';
import { ItemsGallery } from './ItemsGallery';
import { useEvaluation } from './useEvaluation';
import { pct } from './format';

export function EvaluationPanel({ runId, completed }: { runId: number; completed: boolean }) {
  const ev = useEvaluation(runId, completed);
  const [cell, setCell] = useState<{ t: number; p: number } | null>(null);
  if (!completed) return <Alert severity="info">The run has not finished; it is evaluated on its test split when it completes.</Alert>;
  const e = ev.data;
  if (!e || e.status === 'none' || e.status === 'running') {
    return (
      <Box data-testid="evaluation-running">
        <Typography gutterBottom>Evaluating on the test split…</Typography>
        <LinearProgress />
      </Box>
    );
  }
  if (e.status === 'failed' || !e.report) {
    return (
      <Alert
        severity="error"
        action={
          <Button color="inherit" onClick={() => void studio().call('evaluation.run', { runId, force: true }).finally(ev.reload)}>
            Retry
          </Button>
        }
      >
        The evaluation failed: {e.error}
      </Alert>
    );
  }
  const r = e.report;
  return (
    <Stack spacing={3}>
      <Stack direction="row" spacing={4} alignItems="baseline">
        <Box>
          <Typography variant="overline" data-testid="eval-method">
            {r.method === 'cross-validation' ? `Accuracy (${r.folds ?? ''}-fold cross-validation: each image judged by a model that never saw it)` : `Accuracy (${e.subset} split)`}
          </Typography>
          <Typography variant="h4" data-testid="eval-accuracy" data-value={r.accuracy}>
            {pct(r.accuracy)}
          </Typography>
        </Box>
        <Box>
          <Typography variant="overline">Macro F1</Typography>
          <Typography variant="h5">{r.macroF1.toFixed(3)}</Typography>
        </Box>
        <Box>
          <Typography variant="overline">Items</Typography>
          <Typography variant="h5">{r.count}</Typography>
        </Box>
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: { lg: '1fr 1fr' }, gap: 3 }}>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <ConfusionMatrix labels={r.labels} confusion={r.confusion} selected={cell} onCell={(t, p) => setCell({ t, p })} />
        </Paper>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Table size="small" data-testid="per-class-table">
            <TableHead>
              <TableRow>
                <TableCell>Class</TableCell>
                <TableCell align="right">Precision</TableCell>
                <TableCell align="right">Recall</TableCell>
                <TableCell align="right">F1</TableCell>
                <TableCell align="right">Support</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {r.labels.map((l) => {
                const f = r.perClass[l]!;
                return (
                  <TableRow key={l}>
                    <TableCell>{l}</TableCell>
                    <TableCell align="right">{f.precision.toFixed(3)}</TableCell>
                    <TableCell align="right">{f.recall.toFixed(3)}</TableCell>
                    <TableCell align="right">{f.f1.toFixed(3)}</TableCell>
                    <TableCell align="right">{f.support}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Paper>
      </Box>
      {cell && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <ItemsGallery
            runId={runId}
            trueLabel={r.labels[cell.t]}
            predictedLabel={r.labels[cell.p]}
            testId="cell-items"
            title={`True ${r.labels[cell.t]}, predicted ${r.labels[cell.p]}`}
          />
        </Paper>
      )}
      <Paper variant="outlined" sx={{ p: 2 }}>
        <ItemsGallery runId={runId} misclassifiedOnly testId="misclassified-gallery" title="Misclassified, most confident first" />
      </Paper>
    </Stack>
  );
}
