/** A file the user picked or dropped, with its path relative to what was picked (the folder structure gives classes). */
export interface PickedFile {
  file: File | null;
  path: string;
  /** Why the browser could not hand us this file. */
  error?: string;
}

/** From `<input type=file webkitdirectory>` or `multiple`: webkitRelativePath keeps the folder layout. */
export function fromInput(list: FileList): PickedFile[] {
  return Array.from(list, (f) => ({ file: f, path: f.webkitRelativePath || f.name }));
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries hands out at most ~100 entries per call: keep asking until it returns none.
  return new Promise((resolve) => {
    const out: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries(
        (batch) => {
          if (batch.length === 0) resolve(out);
          else {
            out.push(...batch);
            next();
          }
        },
        () => resolve(out),
      );
    next();
  });
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    await new Promise<void>((resolve) =>
      (entry as FileSystemFileEntry).file(
        (file) => {
          out.push({ file, path });
          resolve();
        },
        (err) => {
          out.push({ file: null, path, error: err.message || err.name });
          resolve();
        },
      ),
    );
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, out);
  }
}

/** Dropped files and folders (folders walked with webkitGetAsEntry). Entries must be taken before the first await. */
export async function fromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(dt.items)
    .map((i) => (i.kind === 'file' ? i.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  const out: PickedFile[] = [];
  if (entries.length === 0) return Array.from(dt.files, (f) => ({ file: f, path: f.name }));
  for (const e of entries) await walk(e, out);
  return out;
}
