import { Alert, Box, Button, LinearProgress, MenuItem, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import AutoAwesomeIcon from '@mui/icons-material/AutoAwesome';
import { EmptyState } from '../components/EmptyState';
import { navigate } from '../shell/route';
import type { AssistMode, AssistState } from './useAssist';
import { assistStatusLine } from './status-line';

function Progress({ a }: { a: AssistState }) {
  const p = a.progress;
  const features = p?.phase === 'features' && p.total > 0;
  return (
    <Box data-testid="assist-progress" sx={{ my: 1 }}>
      <Typography variant="body2" color="text.secondary">
        {features ? `Computing features: ${p.done} / ${p.total} items` : p?.phase === 'probe' ? 'Fitting the probe…' : 'Starting the model process…'}
      </Typography>
      <LinearProgress variant={features ? 'determinate' : 'indeterminate'} value={features ? (100 * p.done) / p.total : 0} />
    </Box>
  );
}

/**
 * Assisted labeling on the Label page: "Suggest next" orders the grid by what is worth labeling
 * (with the probe's guess as a hint), "Looks wrong" lists labels a cross-validated probe doubts.
 * P accepts the hint of the item under the cursor (or of each selected item).
 */
export function AssistBar({ a, unlabeled }: { a: AssistState; unlabeled: number }) {
  const backbones = a.status?.backbones ?? [];
  return (
    <Box data-testid="assist-bar" data-mode={a.mode} sx={{ mb: 1 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <ToggleButtonGroup size="small" exclusive value={a.mode} onChange={(_, m: AssistMode | null) => a.setMode(m ?? 'off')} aria-label="assisted labeling">
          <ToggleButton value="suggest" data-testid="assist-suggest">
            <AutoAwesomeIcon fontSize="small" sx={{ mr: 0.5 }} />
            Suggest next
          </ToggleButton>
          <ToggleButton value="suspects" data-testid="assist-suspects">
            Looks wrong
          </ToggleButton>
        </ToggleButtonGroup>
        {a.active && backbones.length > 1 && (
          <TextField select size="small" label="Backbone" value={a.backboneId ?? ''} onChange={(e) => a.setBackboneId(e.target.value)} sx={{ minWidth: 200 }}>
            {backbones.map((b) => (
              <MenuItem key={b.id} value={b.id}>
                {b.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        {a.active && backbones.length > 0 && (
          <Button size="small" onClick={a.refresh} disabled={a.running} data-testid="assist-refresh">
            Refresh
          </Button>
        )}
        {a.mode !== 'off' && a.summary && !a.running && (
          <Typography variant="body2" color="text.secondary" data-testid="assist-summary" data-current={a.changesSince === 0}>
            {assistStatusLine({ mode: a.mode, summary: a.summary, changesSince: a.changesSince, unlabeledNow: unlabeled })}
          </Typography>
        )}
        {a.active && (
          <Button size="small" onClick={() => a.setMode('off')} sx={{ ml: 'auto' }}>
            Back to all items
          </Button>
        )}
      </Stack>
      {a.active && a.status && backbones.length === 0 && (
        <EmptyState
          testId="assist-empty"
          title="No backbone to suggest with"
          body="Suggestions come from a pretrained backbone's features. Add one (the starter backbone works offline), then come back."
          action={
            <Button variant="contained" onClick={() => navigate('backbones')}>
              Add a backbone
            </Button>
          }
        />
      )}
      {a.active && a.running && <Progress a={a} />}
      {a.active && a.error && (
        <Alert severity="error" sx={{ my: 1 }}>
          {a.error}
        </Alert>
      )}
      {a.active && !a.running && a.ids?.length === 0 && a.changesSince === 0 && (
        <Typography sx={{ my: 1 }} data-testid="assist-none">
          {a.mode === 'suggest' ? 'Every item is labeled.' : 'No label looks wrong to the probe.'}
        </Typography>
      )}
    </Box>
  );
}
