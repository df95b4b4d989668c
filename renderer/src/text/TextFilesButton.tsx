import { Button } from '@mui/material';
import UploadIcon from '@mui/icons-material/FileUpload';

/** Reads chosen .txt files as UTF-8 (one text each) and hands their texts on; blank files are left out. */
export function TextFilesButton({ disabled, onTexts }: { disabled?: boolean; onTexts: (texts: string[]) => void }) {
  const read = async (list: FileList | null) => {
    const texts = (await Promise.all([...(list ?? [])].map((f) => f.text()))).map((t) => t.replace(/^\uFEFF/, '').trim()).filter((t) => t !== '');
    if (texts.length) onTexts(texts);
  };
  return (
    <Button variant="outlined" component="label" disabled={disabled} startIcon={<UploadIcon />} sx={{ whiteSpace: 'nowrap' }}>
      .txt files
      <input hidden type="file" accept=".txt,text/plain" multiple data-testid="predict-text-files" onChange={(e) => (void read(e.target.files), (e.target.value = ''))} />
    </Button>
  );
}
