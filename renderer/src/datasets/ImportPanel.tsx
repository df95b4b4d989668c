import { useRef, useState, type DragEvent } from 'react';
import { Box, Button, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import FolderIcon from '@mui/icons-material/FolderOpen';
import FileIcon from '@mui/icons-material/InsertDriveFile';
import type { ImportSummary } from '../../../shared/domain/dataset';
import { studio } from '../api/studio';
import { useEvent } from '../api/hooks';
import { fromDrop, fromInput, type PickedFile } from './collect-files';
import { uploadFiles, type UploadProgress } from './upload';
import { ImportProgress, type ImportProgressEvent } from './ImportProgress';
import { ImportSummaryView } from './ImportSummaryView';

/**
 * Every way in: drop a folder on the page, choose a folder or files (streamed to the core in
 * chunks), or type a path on the machine the core runs on (folder, CSV or zip).
 */
export function ImportPanel(props: {
  onFinished?: (s: ImportSummary) => void;
  /** Add into this dataset (its "Add images or texts" dialog) instead of making a new one. */
  datasetId?: number;
  /** Offer "Into: a new dataset / <existing>", so importing a folder again need not make a second dataset. */
  datasets?: Array<{ id: number; name: string }>;
}) {
  const [into, setInto] = useState<number | ''>('');
  const target = props.datasetId ?? (into === '' ? undefined : into);
  const [jobId, setJobId] = useState<string>();
  const [running, setRunning] = useState(false);
  const [upload, setUpload] = useState<UploadProgress>();
  const [progress, setProgress] = useState<ImportProgressEvent>();
  const [summary, setSummary] = useState<ImportSummary>();
  const [error, setError] = useState<string>();
  const [path, setPath] = useState('');
  const [dragging, setDragging] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController>(undefined);
  const jobRef = useRef<string>(undefined);

  useEvent('datasets.import.progress', (p) => {
    if (p.jobId === jobRef.current) setProgress(p);
  });
  useEvent('datasets.import.finished', (s) => {
    if (s.jobId !== jobRef.current) return;
    setSummary(s);
    setRunning(false);
    props.onFinished?.(s);
  });

  const reset = () => {
    setSummary(undefined);
    setProgress(undefined);
    setUpload(undefined);
    setError(undefined);
    setRunning(true);
  };
  const started = (r: { jobId: string }) => {
    jobRef.current = r.jobId;
    setJobId(r.jobId);
  };
  const fail = (err: unknown) => {
    setRunning(false);
    if ((err as { name?: string }).name !== 'AbortError') setError(err instanceof Error ? err.message : String(err));
  };

  const sendFiles = async (files: PickedFile[]) => {
    // One import at a time: Enter in the path field or a second drop must not start another.
    if (files.length === 0 || running) return;
    reset();
    abort.current = new AbortController();
    try {
      started(await uploadFiles(files, { onProgress: setUpload, signal: abort.current.signal, ...(target ? { datasetId: target } : {}) }));
    } catch (err) {
      fail(err);
    }
  };
  const importPath = async (given = path) => {
    if (!given.trim() || running) return;
    reset();
    try {
      started(await studio().call('datasets.import.start', { path: given.trim(), ...(target ? { datasetId: target } : {}) }));
    } catch (err) {
      fail(err);
    }
  };
  const cancel = () => {
    abort.current?.abort();
    if (jobId) void studio().call('datasets.import.cancel', { jobId });
  };
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (running) return;
    // In the Electron app a dropped folder or file has a path on this machine: import it in place
    // (the core walks it) instead of streaming its bytes through the renderer.
    const api = studio();
    const only = e.dataTransfer.files.length === 1 ? e.dataTransfer.files[0] : undefined;
    const onDisk = only && api.pathForFile ? api.pathForFile(only) : null;
    if (onDisk) {
      await importPath(onDisk);
      return;
    }
    await sendFiles(await fromDrop(e.dataTransfer));
  };

  return (
    <Paper
      variant="outlined"
      data-testid="import-panel"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => void onDrop(e)}
      sx={{ p: 3, mb: 3, borderStyle: 'dashed', borderWidth: 2, borderColor: dragging ? 'primary.main' : 'divider', bgcolor: dragging ? 'action.hover' : undefined }}
    >
      <Stack direction="row" alignItems="center" spacing={2} flexWrap="wrap" useFlexGap>
        <Typography variant="h6" sx={{ flex: 1 }}>
          {props.datasetId ? 'Add images or texts' : 'Import images or texts'}
        </Typography>
        {!props.datasetId && props.datasets && props.datasets.length > 0 && (
          <TextField
            select
            size="small"
            label="Into"
            value={into}
            onChange={(e) => setInto(e.target.value === '' ? '' : Number(e.target.value))}
            sx={{ minWidth: 220 }}
            // Shows "A new dataset" rather than an empty box: the default is a choice too.
            slotProps={{ htmlInput: { 'data-testid': 'import-into' }, inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          >
            <MenuItem value="">A new dataset</MenuItem>
            {props.datasets.map((d) => (
              <MenuItem key={d.id} value={d.id}>
                {d.name}
              </MenuItem>
            ))}
          </TextField>
        )}
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Drop a folder here — one subfolder per class (cats/, dogs/); loose files come in unlabeled. A CSV of path,label or text,label, or a zip, works too.
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} alignItems={{ md: 'center' }}>
        <Button variant="contained" startIcon={<FolderIcon />} disabled={running} onClick={() => folderInput.current?.click()} data-testid="import-choose-folder">
          Choose folder
        </Button>
        <Button variant="outlined" startIcon={<FileIcon />} disabled={running} onClick={() => filesInput.current?.click()}>
          Choose files, CSV or zip
        </Button>
        <Box sx={{ flex: 1 }} />
        <TextField
          size="small"
          label="…or a path on this computer"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void importPath()}
          sx={{ minWidth: { md: 280 }, flex: { md: '0 1 320px' } }}
          slotProps={{ htmlInput: { 'data-testid': 'import-path' } }}
        />
        <Button onClick={() => void importPath()} disabled={running || !path.trim()} data-testid="import-path-go">
          Import
        </Button>
      </Stack>
      <input
        ref={folderInput}
        type="file"
        hidden
        multiple
        data-testid="import-folder-input"
        {...({ webkitdirectory: '' } as object)}
        onChange={(e) => {
          const files = e.target.files ? fromInput(e.target.files) : [];
          e.target.value = '';
          void sendFiles(files);
        }}
      />
      <input
        ref={filesInput}
        type="file"
        hidden
        multiple
        data-testid="import-files-input"
        onChange={(e) => {
          const files = e.target.files ? fromInput(e.target.files) : [];
          e.target.value = '';
          void sendFiles(files);
        }}
      />
      {(running || progress || upload) && <ImportProgress upload={upload} progress={progress} running={running} onCancel={cancel} />}
      {error && (
        <Typography color="error" sx={{ mt: 2 }} data-testid="import-error">
          {error}
        </Typography>
      )}
      {summary && <ImportSummaryView summary={summary} />}
    </Paper>
  );
}
