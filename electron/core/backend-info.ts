import type { z } from 'zod';
import type { backendInfoSchema } from '../../shared/api/methods/system';

export type BackendInfo = z.infer<typeof backendInfoSchema>;

/** Which rung of the backend ladder the last training process landed on; the UI shows it. One per core. */
export class BackendInfoStore {
  private known: BackendInfo | null = null;

  set(info: BackendInfo): void {
    this.known = info;
  }

  current(): BackendInfo | null {
    return this.known;
  }
}
