import { Box, Tooltip } from '@mui/material';
import { tokenBackground } from './colors';

const hidden = new Set(['[PAD]', '<pad>']);

/** A text's tokens coloured by how much each pushed the explained class (Grad-CAM over tokens). */
export function TokenScores({ tokens, scores }: { tokens: string[]; scores: number[] }) {
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, fontFamily: 'monospace' }} data-testid="token-scores">
      {tokens.map((t, i) =>
        hidden.has(t) ? null : (
          <Tooltip key={i} title={`${(100 * (scores[i] ?? 0)).toFixed(0)} %`}>
            <Box component="span" sx={{ px: 0.5, borderRadius: 0.5, bgcolor: tokenBackground(scores[i] ?? 0) }} data-score={(scores[i] ?? 0).toFixed(3)}>
              {t}
            </Box>
          </Tooltip>
        ),
      )}
    </Box>
  );
}
