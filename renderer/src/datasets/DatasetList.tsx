import { Box, Card, CardActionArea, CardContent, CardHeader, Chip, Stack, Typography } from '@mui/material';
import type { DatasetSummary } from '../../../shared/domain/dataset';
import { navigate } from '../shell/route';
import { DatasetActions } from './DatasetActions';
import { plural } from '../runs/plain';

export function DatasetList({ datasets }: { datasets: DatasetSummary[] }) {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: 2 }} data-testid="dataset-list">
      {datasets.map((d) => (
        <Card key={d.id} variant="outlined" data-testid={`dataset-card-${d.id}`}>
          <CardHeader
            sx={{ pb: 0, '& .MuiCardHeader-content': { minWidth: 0 } }}
            title={d.name}
            slotProps={{ title: { variant: 'h6', noWrap: true, title: d.name, component: 'h2' } }}
            action={<DatasetActions dataset={d} />}
          />
          <CardActionArea onClick={() => navigate(`label/${d.id}`)} aria-label={`Label ${d.name}`}>
            <CardContent sx={{ pt: 1 }}>
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
        </Card>
      ))}
    </Box>
  );
}
