import { Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import type { PayloadOf } from '../../../shared/api/contract';
import type { UploadProgress } from './upload';

export type ImportProgressEvent = PayloadOf<'datasets.import.progress'>;

/** Upload bytes first (browser mode), then the core's import progress: done/total, rate, current file. */
export function ImportProgress(props: { upload?: UploadProgress; progress?: ImportProgressEvent; running: boolean; onCancel?: () => void }) {
  const { upload, progress } = props;
  const uploading = props.running && upload && upload.sentBytes < upload.totalBytes && !progress;
  const pct = uploading
    ? (100 * upload.sentBytes) / Math.max(1, upload.totalBytes)
    : progress && progress.total > 0
      ? (100 * progress.done) / progress.total
      : props.running
        ? undefined
        : 100;
  return (
    <Box data-testid="import-progress" sx={{ my: 2 }}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Box sx={{ flex: 1 }}>
          <LinearProgress variant={pct === undefined ? 'indeterminate' : 'determinate'} value={pct ?? 0} aria-label="import progress" />
        </Box>
        {props.running && props.onCancel && (
          <Button size="small" onClick={props.onCancel} data-testid="import-cancel">
            Cancel
          </Button>
        )}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }} data-testid="import-progress-text" noWrap>
        {uploading
          ? `Uploading ${(upload.sentBytes / 2 ** 20).toFixed(1)} of ${(upload.totalBytes / 2 ** 20).toFixed(1)} MB — ${upload.file}`
          : progress
            ? progress.phase === 'scanning'
              ? 'Looking for files…'
              : // Items are saved in batches, so "0 imported" mid-way read as failure: say what was read, and saved counts once there are some.
                `${progress.done} / ${progress.total} files read · ${progress.rate.toFixed(0)} per second${progress.imported ? ` · ${progress.imported} saved` : ''}${progress.skipped ? ` · ${progress.skipped} skipped` : ''}${progress.duplicates ? ` · ${progress.duplicates} already there` : ''}${props.running ? ` · ${progress.current}` : ''}`
            : 'Starting…'}
      </Typography>
    </Box>
  );
}
