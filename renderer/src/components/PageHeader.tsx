import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';

export function PageHeader(props: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 3 }}>
      <Box sx={{ flex: 1 }}>
        <Typography variant="h4" component="h1">
          {props.title}
        </Typography>
        {props.subtitle && <Typography color="text.secondary">{props.subtitle}</Typography>}
      </Box>
      {props.actions}
    </Box>
  );
}
