import { Box, Card, CardActionArea, CardContent, Chip, Stack, Typography } from '@mui/material';
import type { DatasetSummary } from '../../../shared/domain/dataset';
import { navigate } from '../shell/route';
import { DatasetActions } from './DatasetActions';
import { plural } from '../runs/plain';

export function DatasetList({ datasets }: { datasets: DatasetSummary[] }) {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: 2 }} data-testid="dataset-list">
      {datasets.map((d) => (
        <Card key={d.id} variant="outlined" data-testid={`dataset-card-${d.id}`} sx={{ position: 'relative' }}>
          <CardActionArea onClick={() => navigate(`label/${d.id}`)}>
            <CardContent sx={{ pr: 6 }}>
              <Typography variant="h6" component="h2" noWrap title={d.name}>
                {d.name}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {plural(d.items, d.kind === 'text' ? 'text' : 'image')} · {d.unlabeled} unlabeled{d.skipped ? ` · ${d.skipped} skipped` : ''}
                {d.importing ? ' · importing…' : ''}
              </Typography>
              <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                {d.classes.slice(0, 8).map((c) => (
                  <Chip key={c.id} size="small" label={`${c.name} ${c.count}`} />
                ))}
                {d.classes.length > 8 && <Chip size="small" label={`+${d.classes.length - 8}`} />}
              </Stack>
            </CardContent>
          </CardActionArea>
          {/* After the action area in the DOM (it opens the dataset, the first thing a card does), drawn at its corner. */}
          <Box sx={{ position: 'absolute', top: 8, right: 4 }}>
            <DatasetActions dataset={d} />
          </Box>
        </Card>
      ))}
    </Box>
  );
}
