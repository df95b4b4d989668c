import { useState } from 'react';
import { Alert, AlertTitle, Button, Stack } from '@mui/material';
import { studio } from '../api/studio';
import { navigate } from '../shell/route';

/**
 * Train page, text dataset picked: what training on texts needs, and — when no installed backbone reads
 * texts — the ways to get one: the starters shipped with the app (offline), a folder, or the hub.
 */
export function TextDatasetHint({ textBackbones, onAdded }: { textBackbones: number; onAdded: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const addStarters = async () => {
    setBusy(true);
    setError(null);
    try {
      await studio().call('backbones.addStarters', { modality: 'text' });
      onAdded();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  if (textBackbones > 0) {
    return (
      <Alert severity="info" data-testid="text-dataset-hint">
        A text dataset trains on a text backbone (BERT or GPT-2): each item is one text with its label. Texts longer than the
        backbone reads (128 tokens unless the run's maxLength option says otherwise) are cut to that length.
      </Alert>
    );
  }
  return (
    <Alert
      severity="warning"
      data-testid="no-text-backbone"
      action={
        <Stack direction="row" spacing={1}>
          <Button color="inherit" disabled={busy} onClick={() => void addStarters()} data-testid="add-text-starters">
            {busy ? 'Adding…' : 'Add the starter text backbones'}
          </Button>
          <Button color="inherit" onClick={() => navigate('backbones')}>
            Backbones page
          </Button>
        </Stack>
      }
    >
      <AlertTitle>This dataset holds texts: it needs a text backbone, and none is installed</AlertTitle>
      Add the small BERT and GPT-2 that ship with the app (offline), or add one on the Backbones page: from a folder in Hugging
      Face layout (model.safetensors, config.json and tokenizer.json), or from the hub (e.g. google-bert/bert-base-uncased) when online.
      {error && <div>{error}</div>}
    </Alert>
  );
}
