import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, LinearProgress, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { PageHeader } from '../components/PageHeader';
import { EmptyState } from '../components/EmptyState';
import { navigate } from '../shell/route';
import { useCall, useEvent } from '../api/hooks';
import { studio } from '../api/studio';
import type { AttentionResult } from '../../../shared/api/methods/explain';
import { itemAttention } from '../explain/attention-data';
import { AttentionGrid } from '../explain/AttentionGrid';
import { HeadView } from '../explain/HeadView';
import { DatasetTextPicker } from '../explain/DatasetTextPicker';

/** #/attention: type a sentence, pick a text backbone, see every layer × head; click one for its head view. */
export function AttentionPage() {
  const backbones = useCall('backbones.list', {});
  const textBackbones = useMemo(() => (backbones.data?.backbones ?? []).filter((b) => b.modality === 'text'), [backbones.data]);
  const [backboneId, setBackboneId] = useState('');
  useEffect(() => {
    if (!backboneId && textBackbones[0]) setBackboneId(textBackbones[0].id);
  }, [textBackbones, backboneId]);
  const [sentence, setSentence] = useState('The animal did not cross the street because it was too tired.');
  const [result, setResult] = useState<AttentionResult | null>(null);
  const [sel, setSel] = useState<[number, number]>([0, 0]);
  const [busy, setBusy] = useState<{ id: string; done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEvent('explain.progress', (p) => setBusy((b) => (b && b.id === p.progressId ? { ...b, done: p.done, total: p.total } : b)));
  const att = useMemo(() => (result ? itemAttention(result) : null), [result]);

  const show = async () => {
    const progressId = `attn-${Date.now()}`;
    setBusy({ id: progressId, done: 0, total: 1 });
    setError(null);
    try {
      const r = await studio().call('explain.attention', { backboneId, texts: [sentence.trim()], progressId });
      setResult(r);
      setSel(([l, h]) => [Math.min(l, r.shape[1] - 1), Math.min(h, r.shape[2] - 1)]);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  if (!backbones.loading && textBackbones.length === 0) {
    return (
      <>
        <PageHeader title="Attention" />
        <EmptyState
          title="Add a text backbone first"
          body="The attention explorer shows what each head of a BERT or GPT-2 backbone looks at. Add one on the Backbones page."
          action={
            <Button variant="contained" onClick={() => navigate('backbones')}>
              Go to Backbones
            </Button>
          }
        />
      </>
    );
  }

  return (
    <>
      <PageHeader title="Attention" subtitle="What each head of a text backbone looks at, layer by layer." />
      <Stack spacing={2}>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack spacing={2}>
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={1}>
              <TextField
                select
                size="small"
                label="Text backbone"
                value={backboneId}
                onChange={(e) => setBackboneId(e.target.value)}
                sx={{ minWidth: 220 }}
                inputProps={{ 'data-testid': 'attention-backbone' }}
              >
                {textBackbones.map((b) => (
                  <MenuItem key={b.id} value={b.id}>
                    {b.name} ({b.architecture})
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                fullWidth
                size="small"
                label="Sentence"
                value={sentence}
                onChange={(e) => setSentence(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && sentence.trim() && backboneId && void show()}
                inputProps={{ 'data-testid': 'attention-sentence' }}
              />
              <Button variant="contained" disabled={!sentence.trim() || !backboneId || busy !== null} onClick={() => void show()} data-testid="attention-show">
                Show attention
              </Button>
            </Stack>
            <DatasetTextPicker onPick={setSentence} />
          </Stack>
        </Paper>
        {busy && <LinearProgress variant={busy.total > 1 ? 'determinate' : 'indeterminate'} value={(100 * busy.done) / Math.max(1, busy.total)} data-testid="attention-busy" />}
        {error && <Alert severity="error">{error}</Alert>}
        {att && result && (
          <Stack direction={{ xs: 'column', lg: 'row' }} spacing={3} alignItems="flex-start">
            <Paper variant="outlined" sx={{ p: 2, maxWidth: '100%' }}>
              <Typography variant="subtitle1" gutterBottom>
                {result.architecture}: {att.layers} layers × {att.heads} heads · {att.tokens.length} tokens
              </Typography>
              <AttentionGrid att={att} layer={sel[0]} head={sel[1]} onSelect={(l, h) => setSel([l, h])} />
            </Paper>
            <Paper variant="outlined" sx={{ p: 2, flex: 1, minWidth: 0, overflowX: 'auto' }}>
              <HeadView att={att} layer={sel[0]} head={sel[1]} onSelect={(l, h) => setSel([l, h])} />
            </Paper>
          </Stack>
        )}
        {!att && !busy && (
          <Box>
            <Typography variant="body2" color="text.secondary">
              Type a sentence and press Show attention. With a real BERT checkpoint, look for heads where a pronoun attends to the noun it stands for.
            </Typography>
          </Box>
        )}
      </Stack>
    </>
  );
}
