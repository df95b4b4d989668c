import { z } from 'zod';
import { backboneDownloadSchema } from '../../domain/backbone';

// Push events of the backbone domain.
export const backboneEvents = {
  /** About ten a second while a download runs. */
  'backbones.progress': backboneDownloadSchema,
  /** A download ended: state is completed (backboneId set), failed (error set) or cancelled. */
  'backbones.finished': backboneDownloadSchema,
  /** The installed list changed (added, removed). */
  'backbones.changed': z.object({ id: z.string() }),
} as const;
