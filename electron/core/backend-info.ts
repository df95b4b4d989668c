import type { z } from 'zod';
import type { backendInfoSchema } from '../../shared/api/methods/system';

type BackendInfo = z.infer<typeof backendInfoSchema>;

let known: BackendInfo | null = null;

/** The training process reports which rung of the backend ladder it landed on; the UI shows it. */
export function setBackendInfo(info: BackendInfo): void {
  known = info;
}

export function currentBackendInfo(): BackendInfo | null {
  return known;
}
