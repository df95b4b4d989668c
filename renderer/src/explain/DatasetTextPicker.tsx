import { useState } from 'react';
import { MenuItem, Stack, TextField } from '@mui/material';
import { useCall } from '../api/hooks';

/** Pick a text from a text dataset (the first 200 items) instead of typing one. */
export function DatasetTextPicker({ onPick }: { onPick: (text: string) => void }) {
  const datasets = useCall('datasets.list', {});
  const textSets = (datasets.data?.datasets ?? []).filter((d) => d.kind === 'text');
  const [datasetId, setDatasetId] = useState<number | ''>('');
  const items = useCall('datasets.items.list', { datasetId: Number(datasetId) || 1, limit: 200 }, [datasetId], { enabled: datasetId !== '' });
  if (textSets.length === 0) return null;
  return (
    <Stack direction="row" spacing={1}>
      <TextField select size="small" label="Text dataset" value={datasetId} onChange={(e) => setDatasetId(Number(e.target.value))} sx={{ minWidth: 200 }}>
        {textSets.map((d) => (
          <MenuItem key={d.id} value={d.id}>
            {d.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField select size="small" label="Item" value="" disabled={datasetId === ''} onChange={(e) => onPick(String(e.target.value))} sx={{ minWidth: 320 }}>
        {(items.data?.items ?? [])
          .filter((it) => it.text)
          .map((it) => (
            <MenuItem key={it.id} value={it.text!}>
              {it.text!.length > 80 ? `${it.text!.slice(0, 77)}…` : it.text}
            </MenuItem>
          ))}
      </TextField>
    </Stack>
  );
}
