import { Box, Button, LinearProgress, Typography } from '@mui/material';
import type { BackboneDownload } from '../../../shared/domain/backbone';
import { formatBytes, formatRate } from './format';

/** Bytes, percent and rate of a running download, with its Cancel button. */
export function DownloadProgress(props: { download: BackboneDownload; onCancel(): void }) {
  const d = props.download;
  const pct = d.total ? Math.min(100, (d.bytes / d.total) * 100) : undefined;
  const registering = d.state === 'registering';
  return (
    <Box data-testid="download-progress" data-state={d.state} data-bytes={d.bytes} sx={{ width: '100%' }}>
      <LinearProgress variant={pct === undefined || registering ? 'indeterminate' : 'determinate'} value={pct ?? 0} sx={{ mb: 0.5 }} />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography variant="caption" color="text.secondary" sx={{ flex: 1 }} data-testid="download-figures">
          {registering
            ? 'Checking the files…'
            : `${formatBytes(d.bytes)}${d.total ? ` of ${formatBytes(d.total)} (${pct!.toFixed(0)}%)` : ''} · ${formatRate(d.rate)}${d.file ? ` · ${d.file}` : ''}`}
        </Typography>
        <Button size="small" onClick={props.onCancel} disabled={registering} data-testid="download-cancel">
          Cancel
        </Button>
      </Box>
    </Box>
  );
}
