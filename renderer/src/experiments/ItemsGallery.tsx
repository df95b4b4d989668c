import { useEffect, useState } from 'react';
import { Alert, Box, Card, CardActionArea, CardContent, CardMedia, Chip, Pagination, Stack, Typography } from '@mui/material';
import { useCall, useEvent } from '../api/hooks';
import { studio } from '../api/studio';
import type { ResultOf } from '../../../shared/api/contract';
import { WhyPrediction } from '../explain/WhyPrediction';
import { GalleryText } from '../text/GalleryText';

type Items = ResultOf<'evaluation.items'>;
type Item = Items['items'][number];
const PAGE = 24;

/**
 * Evaluated items (a confusion cell, or every mistake, most confident first). Focus an item and press the
 * number of a class to relabel it, or P to accept the prediction: it writes to the dataset, never to the run.
 */
export function ItemsGallery(props: { runId: number; trueLabel?: string; predictedLabel?: string; misclassifiedOnly?: boolean; testId: string; title: string }) {
  const [page, setPage] = useState(1);
  const [focus, setFocus] = useState<number | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const filter = { trueLabel: props.trueLabel, predictedLabel: props.predictedLabel, misclassifiedOnly: props.misclassifiedOnly ?? false };
  const data = useCall('evaluation.items', { runId: props.runId, ...filter, offset: (page - 1) * PAGE, limit: PAGE }, [props.runId, props.trueLabel, props.predictedLabel, props.misclassifiedOnly, page]);
  useEffect(() => setPage(1), [props.trueLabel, props.predictedLabel]);
  useEvent('datasets.changed', (p) => p.datasetId === data.data?.datasetId && data.reload());
  const items = data.data?.items ?? [];
  const classes = data.data?.classes ?? [];

  const relabel = async (item: Item, labelId: number) => {
    if (!data.data?.datasetId) return;
    const name = classes.find((c) => c.id === labelId)?.name;
    await studio().call('datasets.labels.assign', { datasetId: data.data.datasetId, assignments: [{ itemIds: [item.itemId], labelId }] });
    setMsg(`${item.name || `Item ${item.itemId}`} is now labeled “${name}” in the dataset (this run's figures keep its snapshot).`);
    data.reload();
  };
  const onKey = (e: React.KeyboardEvent, item: Item) => {
    if (e.key >= '1' && e.key <= '9') {
      const c = classes[Number(e.key) - 1];
      if (c) void relabel(item, c.id);
    } else if (e.key === 'p' || e.key === 'P') {
      const c = classes.find((x) => x.name === item.predictedLabel);
      if (c) void relabel(item, c.id);
    }
  };

  return (
    <Box data-testid={props.testId} data-total={data.data?.total ?? -1}>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="subtitle1">
          {props.title} ({data.data?.total ?? '…'})
        </Typography>
        <Typography variant="caption" color="text.secondary">
          Select an item, then press {classes.slice(0, 9).map((c, i) => `${i + 1} = ${c.name}`).join(', ')}, or P to accept the prediction.
        </Typography>
      </Stack>
      {msg && (
        <Alert severity="success" onClose={() => setMsg(null)} sx={{ mb: 1 }} data-testid="relabel-done">
          {msg}
        </Alert>
      )}
      {data.error && <Alert severity="error">{data.error.message}</Alert>}
      {/* Texts need a wider card than thumbnails to show a sentence or two. */}
      <Box sx={{ display: 'grid', gridTemplateColumns: `repeat(auto-fill, minmax(${items.some((it) => it.text !== null) ? 240 : 132}px, 1fr))`, gap: 1 }}>
        {items.map((it) => (
          <Card
            key={it.itemId}
            variant="outlined"
            tabIndex={0}
            data-testid={`gallery-item-${it.itemId}`}
            data-current-label={it.currentLabel ?? ''}
            onFocus={() => setFocus(it.itemId)}
            onKeyDown={(e) => onKey(e, it)}
            sx={{ outline: focus === it.itemId ? '2px solid' : 'none', outlineColor: 'primary.main' }}
          >
            <CardActionArea onClick={() => setFocus(it.itemId)} tabIndex={-1}>
              {it.text === null ? (
                <CardMedia component="img" height="110" image={studio().fileUrl('thumb', it.contentHash)} alt={it.name} sx={{ objectFit: 'contain', bgcolor: 'action.hover', imageRendering: 'pixelated' }} />
              ) : (
                <GalleryText text={it.text} />
              )}
              <CardContent sx={{ p: 1, '&:last-child': { pb: 1 } }}>
                <Typography variant="caption" display="block" noWrap title={it.name}>
                  true <b>{it.trueLabel}</b>
                </Typography>
                <Typography variant="caption" display="block" noWrap color={it.trueLabel === it.predictedLabel ? 'success.main' : 'error.main'}>
                  pred <b>{it.predictedLabel}</b> {(it.confidence * 100).toFixed(0)} %
                </Typography>
                {it.currentLabel !== it.trueLabel && <Chip size="small" label={`now: ${it.currentLabel ?? 'unlabeled'}`} color="warning" sx={{ mt: 0.5 }} />}
              </CardContent>
            </CardActionArea>
            {focus === it.itemId && <WhyPrediction runId={props.runId} source={{ kind: 'item', itemId: it.itemId }} testId={`why-item-${it.itemId}`} size={120} />}
          </Card>
        ))}
      </Box>
      {(data.data?.total ?? 0) > PAGE && <Pagination sx={{ mt: 1 }} count={Math.ceil((data.data?.total ?? 0) / PAGE)} page={page} onChange={(_, p) => setPage(p)} />}
    </Box>
  );
}
