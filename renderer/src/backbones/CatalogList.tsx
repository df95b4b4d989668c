import { Alert, Box, Button, Card, CardActions, CardContent, Chip, Stack, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import CheckIcon from '@mui/icons-material/CheckCircle';
import type { BackboneDownload, CatalogItem } from '../../../shared/domain/backbone';
import { DownloadProgress } from './DownloadProgress';
import { familyLabel, formatBytes } from './format';
import { goToAddFolder, isOfflineError } from './offline';

interface Props {
  entries: CatalogItem[];
  downloadOf(repo: string, fallback: BackboneDownload | null): BackboneDownload | null;
  onInstall(repo: string): void;
  onCancel(downloadId: string): void;
}

const running = (d: BackboneDownload | null) => d !== null && (d.state === 'downloading' || d.state === 'registering');

/** The presets a newcomer can download with one click, each saying what it is good for. */
export function CatalogList(props: Props) {
  return (
    <Box data-testid="backbone-catalog" sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))' }}>
      {props.entries.map((e) => {
        const d = props.downloadOf(e.repo, e.download);
        return (
          <Card key={e.key} variant="outlined" data-testid={`catalog-${e.key}`} data-installed={e.installedId ? 'yes' : 'no'} sx={{ display: 'flex', flexDirection: 'column' }}>
            <CardContent sx={{ flex: 1 }}>
              <Typography variant="h6">{e.title}</Typography>
              <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
                {e.repo}
              </Typography>
              <Typography variant="body2" sx={{ mb: 1.5 }}>
                {e.description}
              </Typography>
              <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
                <Chip size="small" label={`${familyLabel[e.family] ?? e.family} · ${e.modality === 'image' ? 'photos' : 'text'}`} />
                <Chip size="small" variant="outlined" label={`${e.featureDim} features`} />
                <Chip size="small" variant="outlined" label={`≈ ${formatBytes(e.downloadBytes)}`} />
                <Chip size="small" variant="outlined" label={e.licence} />
              </Stack>
              {d?.state === 'failed' &&
                (isOfflineError(d.error) ? (
                  <Alert
                    severity="warning"
                    sx={{ mt: 1.5 }}
                    data-testid="download-offline"
                    action={
                      <Button color="inherit" size="small" onClick={goToAddFolder} data-testid="offline-add-folder">
                        Add from a folder
                      </Button>
                    }
                  >
                    You’re offline — add a backbone from a folder instead.
                    <Typography variant="caption" component="div" sx={{ wordBreak: 'break-word' }} title={d.error ?? undefined}>
                      The hub could not be reached.
                    </Typography>
                  </Alert>
                ) : (
                  <Alert severity="error" sx={{ mt: 1.5, wordBreak: 'break-word' }} data-testid="download-error">
                    {d.error}
                  </Alert>
                ))}
            </CardContent>
            <CardActions sx={{ px: 2, pb: 2 }}>
              {e.installedId ? (
                <Chip color="success" icon={<CheckIcon />} label="Installed" data-testid="catalog-installed" />
              ) : running(d) ? (
                <DownloadProgress download={d!} onCancel={() => props.onCancel(d!.downloadId)} />
              ) : (
                <Button variant="contained" startIcon={<DownloadIcon />} onClick={() => props.onInstall(e.repo)} data-testid="catalog-download">
                  {/* A failure before any byte arrived has nothing to resume. */}
                  {d?.state === 'failed' && d.bytes === 0 ? 'Try again' : d?.state === 'cancelled' || d?.state === 'failed' ? 'Resume download' : 'Download'}
                </Button>
              )}
            </CardActions>
          </Card>
        );
      })}
    </Box>
  );
}
