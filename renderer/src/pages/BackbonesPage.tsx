import { useState } from 'react';
import { Alert, Box, Paper, Typography } from '@mui/material';
import HubIcon from '@mui/icons-material/Hub';
import { PageHeader } from '../components/PageHeader';
import { EmptyState } from '../components/EmptyState';
import { studio } from '../api/studio';
import { useBackbones } from '../backbones/useBackbones';
import { CatalogList } from '../backbones/CatalogList';
import { InstalledTable } from '../backbones/InstalledTable';
import { AddFolderForm } from '../backbones/AddFolderForm';

export function BackbonesPage() {
  const { installed, catalog, downloadOf, install, cancel } = useBackbones();
  const backbones = installed.data?.backbones ?? [];
  const [actionError, setActionError] = useState<string>();
  const act = (p: Promise<unknown>) => {
    setActionError(undefined);
    return p.catch((e: unknown) => setActionError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <>
      <PageHeader title="Backbones" subtitle="Pretrained models the studio fine-tunes on your data." />
      {(installed.error ?? catalog.error) && <Alert severity="error">{(installed.error ?? catalog.error)!.message}</Alert>}
      {actionError && (
        <Alert severity="error" onClose={() => setActionError(undefined)} sx={{ mb: 2 }} data-testid="backbones-action-error">
          {actionError}
        </Alert>
      )}

      <Typography variant="h6" sx={{ mb: 1 }}>
        Installed
      </Typography>
      {backbones.length === 0 && !installed.loading ? (
        <Paper variant="outlined" sx={{ mb: 3 }}>
          <EmptyState
            testId="backbones-empty"
            icon={<HubIcon fontSize="inherit" />}
            title="No backbones installed yet"
            body={
              'A backbone is a model already trained on millions of photos or texts: it has learnt to see shapes and textures, or to read words in context. ' +
              'The studio trains a small head on top of it with your own examples, so a few hundred are enough. ' +
              'Not sure which? Pick ResNet-50 for photos, BERT for English text. Download one below.'
            }
          />
        </Paper>
      ) : (
        <Box sx={{ mb: 3 }}>
          <InstalledTable backbones={backbones} onRemove={(id) => void act(studio().call('backbones.remove', { id }))} />
        </Box>
      )}

      <Typography variant="h6" sx={{ mb: 1 }}>
        Available to download
      </Typography>
      {catalog.data && (
        <CatalogList entries={catalog.data.entries} downloadOf={downloadOf} onInstall={(repo) => void act(install(repo))} onCancel={(id) => void act(cancel(id))} />
      )}

      <Typography variant="h6" sx={{ mt: 3, mb: 1 }}>
        Add a folder
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Offline, or a model a colleague gave you: a Hugging Face Hub folder (timm or transformers) on this computer.
      </Typography>
      <Box id="add-folder">
        <AddFolderForm onAdded={() => installed.reload()} />
      </Box>
    </>
  );
}
