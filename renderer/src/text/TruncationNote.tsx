import { Alert, Typography } from '@mui/material';
import { truncationMessage, type TokenFacts } from './truncation';

/** Under a text's prediction: its length in tokens, and a warning when the model cut it. */
export function TruncationNote({ p }: { p: TokenFacts }) {
  const message = truncationMessage(p);
  if (message === null) return null;
  if (!p.truncated) {
    return (
      <Typography variant="caption" color="text.secondary" display="block" data-testid="predict-tokens">
        {message}
      </Typography>
    );
  }
  return (
    <Alert severity="warning" variant="outlined" sx={{ mt: 1, py: 0 }} data-testid="predict-truncated">
      {message}
    </Alert>
  );
}
