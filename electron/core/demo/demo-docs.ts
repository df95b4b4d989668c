import { basename } from 'node:path';
import type { Scan } from '../datasets/source';

/** The bundled demo folder's own documentation (licence and provenance), shipped beside the class folders. */
const demoDocs = new Set(['LICENSE', 'README.md']);

/**
 * The demo's scan without its own LICENSE and README: they are the demo's paperwork, not files the
 * user gave us, so "2 files skipped" about them would only alarm. Only loose files at the top of the
 * folder (no class) with exactly those names are dropped; anything else the importer skips is still
 * reported.
 */
export function withoutDemoDocs(scan: (signal: AbortSignal) => Promise<Scan>): (signal: AbortSignal) => Promise<Scan> {
  return async (signal) => {
    const s = await scan(signal);
    return { ...s, entries: s.entries.filter((e) => !(e.kind === 'file' && e.label === null && demoDocs.has(basename(e.displayPath)))) };
  };
}
