import { useMemo, useState } from 'react';
import { Box, MenuItem, Paper, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { ScatterChart } from '@mui/x-charts/ScatterChart';
import { useCall, useEvent } from '../api/hooks';
import { navigate } from '../shell/route';
import { accuracyCell, bytes, durationOf, headlineAccuracy, pct, secs, type Run } from './format';

/** One dataset, every backbone tried on it: the best run of each by accuracy, with its time and model size. */
export function Leaderboard({ runs }: { runs: Run[] }) {
  const backbones = useCall('backbones.list', {});
  useEvent('backbones.changed', () => backbones.reload());
  const datasets = useMemo(() => [...new Map(runs.filter((r) => r.datasetId !== null).map((r) => [r.datasetId!, r.datasetName ?? `#${r.datasetId}`])).entries()], [runs]);
  const [picked, setPicked] = useState<number | null>(null);
  const datasetId = picked ?? datasets[0]?.[0] ?? null;
  const size = new Map((backbones.data?.backbones ?? []).map((b) => [b.id, b]));
  const rows = useMemo(() => {
    const best = new Map<string, Run>();
    const acc = (r: Run) => headlineAccuracy(r) ?? -1;
    for (const r of runs) {
      if (r.datasetId !== datasetId || r.status !== 'completed' || !r.backboneId) continue;
      const cur = best.get(r.backboneId);
      if (!cur || acc(r) > acc(cur)) best.set(r.backboneId, r);
    }
    return [...best.values()].sort((a, b) => acc(b) - acc(a));
  }, [runs, datasetId]);
  if (datasets.length === 0) return null;
  return (
    <Box data-testid="leaderboard">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
        <Typography variant="h6" sx={{ flex: 1 }}>
          Backbone leaderboard
        </Typography>
        <TextField size="small" select label="Dataset" value={datasetId ?? ''} onChange={(e) => setPicked(Number(e.target.value))} sx={{ minWidth: 200 }}>
          {datasets.map(([id, name]) => (
            <MenuItem key={id} value={id}>
              {name}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {/* minmax(0, …): a wide table scrolls inside its own box instead of pushing the page sideways at 1024 px. */}
      <Box sx={{ display: 'grid', gridTemplateColumns: { md: 'minmax(0, 3fr) minmax(0, 2fr)' }, gap: 2 }}>
        <Paper variant="outlined" sx={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Leaderboard table">
          <Table size="small" sx={{ '& td, & th': { whiteSpace: 'nowrap' } }}>
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
                <TableCell>Backbone</TableCell>
                <TableCell align="right">Test acc</TableCell>
                <TableCell align="right">Val acc</TableCell>
                <TableCell align="right">Time</TableCell>
                <TableCell align="right">Model size</TableCell>
                <TableCell>Best run</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r, i) => (
                <TableRow key={r.backboneId} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`experiments/${r.id}`)}>
                  <TableCell>{i + 1}</TableCell>
                  <TableCell>{size.get(r.backboneId!)?.name ?? r.backboneId}</TableCell>
                  <TableCell align="right">{accuracyCell(r)}</TableCell>
                  <TableCell align="right">{pct(r.metrics.valAccuracy)}</TableCell>
                  <TableCell align="right">{secs(durationOf(r))}</TableCell>
                  <TableCell align="right">{bytes(size.get(r.backboneId!)?.sizeBytes)}</TableCell>
                  <TableCell>
                    #{r.id} ({r.mode})
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
        <Paper variant="outlined" sx={{ p: 1 }}>
          <Typography variant="subtitle2" sx={{ px: 1 }}>
            Accuracy vs time (marker size: model size)
          </Typography>
          <ScatterChart
            height={240}
            xAxis={[{ label: 'seconds', min: 0, valueFormatter: (v: number) => v.toFixed(v < 10 ? 1 : 0) }]}
            yAxis={[{ min: 0, max: 1, label: 'accuracy' }]}
            series={rows.map((r) => ({
              label: size.get(r.backboneId!)?.name ?? r.backboneId!,
              markerSize: 4 + Math.min(16, Math.log2(1 + (size.get(r.backboneId!)?.sizeBytes ?? 0) / 1e6) * 2),
              data: [{ id: r.id, x: durationOf(r) ?? 0, y: headlineAccuracy(r) ?? 0 }],
            }))}
          />
        </Paper>
      </Box>
    </Box>
  );
}
