import { useMemo, useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Chip,
  MenuItem,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TableSortLabel,
  TextField,
} from '@mui/material';
import CompareIcon from '@mui/icons-material/CompareArrows';
import { navigate } from '../shell/route';
import { accuracyCell, bestValAccuracy, durationOf, headlineAccuracy, keyParams, pct, secs, statusColor, type Run } from './format';

type Key = 'id' | 'backbone' | 'mode' | 'val' | 'test' | 'duration' | 'trunk' | 'head' | 'backend' | 'status';

const columns: Array<{ key: Key | null; label: string; numeric?: boolean }> = [
  { key: 'id', label: 'Run' },
  { key: null, label: 'Dataset' },
  { key: 'backbone', label: 'Backbone' },
  { key: 'mode', label: 'Mode' },
  { key: null, label: 'Hyperparameters' },
  { key: 'val', label: 'Val acc', numeric: true },
  { key: 'test', label: 'Test acc', numeric: true },
  { key: 'duration', label: 'Duration', numeric: true },
  { key: 'trunk', label: 'Trunk', numeric: true },
  { key: 'head', label: 'Head', numeric: true },
  { key: 'backend', label: 'Backend' },
  { key: 'status', label: 'Status' },
];

function sortValue(r: Run, k: Key): number | string {
  switch (k) {
    case 'id':
      return r.id;
    case 'backbone':
      return r.backboneId ?? '';
    case 'mode':
      return r.mode;
    case 'val':
      return bestValAccuracy(r) ?? -1;
    case 'test':
      return headlineAccuracy(r) ?? -1;
    case 'duration':
      return durationOf(r) ?? -1;
    case 'trunk':
      return r.metrics.trunkSeconds ?? -1;
    case 'head':
      return r.metrics.headSeconds ?? -1;
    case 'backend':
      return r.backend ?? '';
    case 'status':
      return r.status;
  }
}

/** Every run: sortable by any figure, filterable by text, dataset and status; tick two or more to compare. */
export function RunsTable({ runs }: { runs: Run[] }) {
  const [sort, setSort] = useState<{ key: Key; dir: 'asc' | 'desc' }>({ key: 'id', dir: 'desc' });
  const [text, setText] = useState('');
  const [status, setStatus] = useState('all');
  const [dataset, setDataset] = useState('all');
  const [picked, setPicked] = useState<number[]>([]);
  const datasets = useMemo(() => [...new Set(runs.map((r) => r.datasetName ?? '—'))], [runs]);
  const shown = useMemo(() => {
    const q = text.trim().toLowerCase();
    const rows = runs.filter(
      (r) =>
        (status === 'all' || r.status === status) &&
        (dataset === 'all' || (r.datasetName ?? '—') === dataset) &&
        (!q || [`#${r.id}`, r.backboneId, r.mode, r.backend, r.datasetName, keyParams(r)].some((s) => (s ?? '').toLowerCase().includes(q))),
    );
    const sign = sort.dir === 'asc' ? 1 : -1;
    return rows.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      return (x < y ? -1 : x > y ? 1 : 0) * sign;
    });
  }, [runs, text, status, dataset, sort]);
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  return (
    <>
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField size="small" label="Filter" value={text} onChange={(e) => setText(e.target.value)} inputProps={{ 'data-testid': 'runs-filter' }} />
        <TextField size="small" select label="Dataset" value={dataset} onChange={(e) => setDataset(e.target.value)} sx={{ minWidth: 160 }}>
          <MenuItem value="all">All datasets</MenuItem>
          {datasets.map((d) => (
            <MenuItem key={d} value={d}>
              {d}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" select label="Status" value={status} onChange={(e) => setStatus(e.target.value)} sx={{ minWidth: 140 }}>
          {['all', 'completed', 'running', 'paused', 'failed', 'cancelled', 'interrupted'].map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <Box sx={{ flex: 1 }} />
        <Button
          variant="contained"
          startIcon={<CompareIcon />}
          disabled={picked.length < 2}
          onClick={() => navigate(`experiments/compare/${picked.join(',')}`)}
          data-testid="compare-button"
        >
          Compare {picked.length >= 2 ? picked.length : ''} runs
        </Button>
      </Box>
      <TableContainer component={Paper}>
        <Table size="small" data-testid="runs-table" sx={{ '& td, & th': { whiteSpace: 'nowrap' } }}>
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              {columns.map((c) => (
                <TableCell key={c.label} align={c.numeric ? 'right' : 'left'} sortDirection={sort.key === c.key ? sort.dir : false}>
                  {c.key ? (
                    <TableSortLabel
                      active={sort.key === c.key}
                      direction={sort.key === c.key ? sort.dir : 'asc'}
                      onClick={() => setSort((s) => ({ key: c.key!, dir: s.key === c.key && s.dir === 'desc' ? 'asc' : 'desc' }))}
                      data-testid={`sort-${c.key}`}
                    >
                      {c.label}
                    </TableSortLabel>
                  ) : (
                    c.label
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((r) => (
              <TableRow key={r.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`experiments/${r.id}`)} data-testid={`run-row-${r.id}`}>
                <TableCell padding="checkbox" onClick={(e) => e.stopPropagation()}>
                  <Checkbox size="small" checked={picked.includes(r.id)} onChange={() => toggle(r.id)} inputProps={{ 'aria-label': `compare run ${r.id}` }} data-testid={`compare-check-${r.id}`} />
                </TableCell>
                <TableCell>#{r.id}</TableCell>
                <TableCell>{r.datasetName ?? '—'}</TableCell>
                <TableCell>{r.backboneId ?? '—'}</TableCell>
                <TableCell>{r.mode}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{keyParams(r)}</TableCell>
                <TableCell align="right" data-testid={`val-acc-${r.id}`}>
                  {pct(bestValAccuracy(r))}
                </TableCell>
                <TableCell align="right" data-testid={`test-acc-${r.id}`}>
                  {accuracyCell(r)}
                </TableCell>
                <TableCell align="right">{secs(durationOf(r))}</TableCell>
                <TableCell align="right">{secs(r.metrics.trunkSeconds)}</TableCell>
                <TableCell align="right">{secs(r.metrics.headSeconds)}</TableCell>
                <TableCell>{r.backend ?? '—'}</TableCell>
                <TableCell>
                  <Chip size="small" label={r.status} color={statusColor(r.status)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}
