import { useState } from 'react';
import { Box, Button, Paper, Stack, Typography } from '@mui/material';
import CopyIcon from '@mui/icons-material/ContentCopy';

/** A code block with a Copy button (the clipboard may be refused outside a secure context: then it says so). */
export function CodeSnippet({ code, runtime, language }: { code: string; runtime: string; language: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () =>
    navigator.clipboard
      ?.writeText(code)
      .then(() => setCopied('yes'))
      .catch(() => setCopied('no')) ?? setCopied('no');
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="export-snippet" data-runtime={runtime}>
      <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
        <Typography variant="subtitle1" sx={{ flex: 1 }}>
          Load it in {runtime} ({language})
        </Typography>
        <Button size="small" startIcon={<CopyIcon />} onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Select and copy' : 'Copy'}
        </Button>
      </Stack>
      <Box component="pre" tabIndex={0} aria-label={`${runtime} code`} sx={{ m: 0, p: 1.5, overflowX: 'auto', bgcolor: 'action.hover', borderRadius: 1, fontSize: 13 }}>
        <code>{code}</code>
      </Box>
    </Paper>
  );
}
