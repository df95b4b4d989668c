import type { SkipRecord } from '../../../shared/domain/dataset';

/** One file to import, wherever it comes from (folder, CSV row, zip entry, browser upload). */
export interface FileEntry {
  kind: 'file';
  /** What the user sees and what is kept as the item's original path. */
  displayPath: string;
  /** Class from the folder or CSV; null = unlabeled. */
  label: string | null;
  /** Known size in bytes, when the source can tell before reading. */
  size: number | null;
  read(): Promise<Buffer>;
  /** Read as one UTF-8 text rather than decoded as an image (a .txt file in a folder of texts). */
  asText?: boolean;
}

export interface TextEntry {
  kind: 'text';
  displayPath: string;
  label: string | null;
  text: string;
}

export type SourceEntry = FileEntry | TextEntry;

/** What a source yields before any decoding: the work list and what it already knows is bad. */
export interface Scan {
  kind: 'image' | 'text';
  entries: SourceEntry[];
  skipped: SkipRecord[];
  /** Releases what the source holds open (a zip file). */
  close?(): Promise<void>;
}

/** Files a file manager leaves behind, never the user's data; skipping them silently keeps the report about real files. */
export function isSystemJunk(name: string): boolean {
  return name === '.DS_Store' || name === 'Thumbs.db' || name === 'desktop.ini' || name.startsWith('._') || name === '__MACOSX';
}

/** Image files are decided by content; this list only shapes the reason given for a non-image file. */
export const imageExtensions = new Set(['.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.bmp', '.dib', '.heic', '.heif']);
