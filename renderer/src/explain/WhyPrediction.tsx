import { useState } from 'react';
import { Alert, Box, Button, LinearProgress, MenuItem, Slider, Stack, TextField, Typography } from '@mui/material';
import { studio } from '../api/studio';
import { useEvent } from '../api/hooks';
import type { ResultOf } from '../../../shared/api/contract';
import { HeatOverlay } from './HeatOverlay';
import { TokenScores } from './TokenScores';

/** An image as base64 (the bytes the user dropped), a text, or a dataset item. */
export type WhySource = { kind: 'image'; name: string; data: string } | { kind: 'text'; text: string } | { kind: 'item'; itemId: number };

type Explained = ResultOf<'explain.run'>;

/**
 * "Why this prediction?": the run's Grad-CAM (rollout for ViT) over the image the model saw, per class, with
 * an opacity slider; for a text, its tokens coloured by how much they mattered. Computed in the model process.
 */
export function WhyPrediction({ runId, source, testId = 'why', size = 200 }: { runId: number; source: WhySource; testId?: string; size?: number }) {
  const [open, setOpen] = useState(false);
  const [res, setRes] = useState<Explained | null>(null);
  const [label, setLabel] = useState<string>('');
  const [opacity, setOpacity] = useState(0.5);
  const [busy, setBusy] = useState<{ id: string; done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEvent('explain.progress', (p) => setBusy((b) => (b && b.id === p.progressId ? { ...b, done: p.done, total: p.total } : b)));

  const explain = async (pick: string) => {
    const progressId = `why-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    setBusy({ id: progressId, done: 0, total: 1 });
    setError(null);
    try {
      const input =
        source.kind === 'image'
          ? { images: [{ name: source.name, data: source.data }] }
          : source.kind === 'text'
            ? { texts: [source.text] }
            : { itemIds: [source.itemId] };
      const r = await studio().call('explain.run', { runId, ...input, ...(pick ? { label: pick } : {}), withInputs: true, progressId });
      setRes(r);
      setLabel(pick);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  if (!open) {
    return (
      <Button size="small" onClick={() => (setOpen(true), void explain(''))} data-testid={`${testId}-open`}>
        Why this prediction?
      </Button>
    );
  }
  const item = res?.items[0];
  return (
    <Box data-testid={testId} sx={{ p: 1, borderTop: 1, borderColor: 'divider' }}>
      {busy && <LinearProgress data-testid={`${testId}-busy`} />}
      {error && <Alert severity="error">{error}</Alert>}
      {res && item && (
        <Stack spacing={1}>
          <TextField select size="small" label="Explain class" value={label} onChange={(e) => void explain(e.target.value)} SelectProps={{ displayEmpty: true }} InputLabelProps={{ shrink: true }} inputProps={{ 'data-testid': `${testId}-class` }}>
            <MenuItem value="">predicted ({res.items[0]?.label})</MenuItem>
            {res.labels.map((l) => (
              <MenuItem key={l} value={l}>
                {l}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="caption" color="text.secondary">
            {res.method === 'rollout' ? 'Attention rollout' : 'Grad-CAM'} for “{item.label}” ({(item.score * 100).toFixed(1)} %): warmer = pushed the model towards it.
          </Typography>
          {item.tokens ? (
            <TokenScores tokens={item.tokens} scores={item.cam} />
          ) : item.inputPng ? (
            <>
              <HeatOverlay inputPng={item.inputPng} cam={item.cam} h={item.h} w={item.w} opacity={opacity} size={size} />
              <Stack direction="row" spacing={1} alignItems="center">
                <Typography variant="caption">Opacity</Typography>
                <Slider size="small" min={0} max={1} step={0.05} value={opacity} onChange={(_, v) => setOpacity(v as number)} aria-label="Heat-map opacity" data-testid={`${testId}-opacity`} />
              </Stack>
            </>
          ) : null}
        </Stack>
      )}
    </Box>
  );
}
