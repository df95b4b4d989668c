import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';

/** What a newcomer sees on an empty page: what this is for and the one next step. */
export function EmptyState(props: { title: string; body: string; action?: ReactNode; icon?: ReactNode; testId?: string }) {
  return (
    <Box data-testid={props.testId ?? 'empty-state'} sx={{ textAlign: 'center', py: 8, px: 2, maxWidth: 560, mx: 'auto' }}>
      {props.icon && <Box sx={{ fontSize: 56, color: 'text.secondary', mb: 1 }}>{props.icon}</Box>}
      <Typography variant="h5" gutterBottom>
        {props.title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {props.body}
      </Typography>
      {props.action}
    </Box>
  );
}
