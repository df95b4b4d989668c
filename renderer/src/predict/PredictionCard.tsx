import { Box, Card, CardContent, CardMedia, LinearProgress, Typography } from '@mui/material';
import type { Prediction } from '../../../shared/api/methods/predict';
import { TruncationNote } from '../text/TruncationNote';

/** One input and its top-k classes as bars. */
export function PredictionCard({ p, preview }: { p: Prediction; preview?: string }) {
  return (
    <Card variant="outlined" data-testid="predict-result" data-label={p.label}>
      {preview && <CardMedia component="img" height="140" image={preview} alt={p.file} sx={{ objectFit: 'contain', bgcolor: 'action.hover', imageRendering: 'pixelated' }} />}
      <CardContent>
        <Typography variant="caption" color="text.secondary" noWrap display="block" title={p.file}>
          {p.file}
        </Typography>
        <Typography variant="h6" gutterBottom>
          {p.label} <Typography component="span" color="text.secondary">{(p.score * 100).toFixed(1)} %</Typography>
        </Typography>
        {p.top.map((t) => (
          <Box key={t.label} sx={{ mb: 0.5 }}>
            <Box sx={{ display: 'flex', justifyContent: 'space-between' }}>
              <Typography variant="caption">{t.label}</Typography>
              <Typography variant="caption">{(t.score * 100).toFixed(1)} %</Typography>
            </Box>
            <LinearProgress variant="determinate" value={t.score * 100} />
          </Box>
        ))}
        <TruncationNote p={p} />
      </CardContent>
    </Card>
  );
}
