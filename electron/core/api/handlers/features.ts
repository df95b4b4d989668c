import { resolve } from 'node:path';
import type { featuresMethods } from '../../../../shared/api/methods/features';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { resolveBackbone } from '../../backbones/service/registry';
import { embed, type EmbedSource } from '../../backbones/service/embed';
import { writeNpy } from '../../backbones/npy';
import { readTextsFile } from '../../backbones/service/texts-file';
import { tokenizeTexts } from '../../backbones/service/tokenize';

/** Features and token ids of a backbone, computed in the core's process (what `studio embed` / `studio tokenize` ask for). */
export function featuresHandlers(ctx: CoreContext): HandlersFor<typeof featuresMethods> {
  return {
    'features.embed': async (p) => {
      const found = resolveBackbone(ctx.db, p.backboneDir ?? p.backboneId!);
      const source: EmbedSource =
        p.pixels !== undefined
          ? { kind: 'pixels', path: p.pixels }
          : p.images !== undefined
            ? { kind: 'images', paths: p.images }
            : { kind: 'texts', path: p.texts!, ...(p.maxLength ? { maxLength: p.maxLength } : {}) };
      let backend = '';
      const r = await embed(found.dir, source, {
        ...(p.batchSize ? { batchSize: p.batchSize } : {}),
        onBackend: (name) => (backend = name),
        onProgress: (done, total) => {
          if (p.progressId) ctx.events.emit('features.progress', { progressId: p.progressId, done, total, backend });
        },
      });
      await writeNpy(p.out, { shape: r.shape, dtype: 'float32', data: r.data });
      return { out: resolve(p.out), shape: r.shape, dtype: 'float32' as const, backbone: found.row?.id ?? found.dir, backend: r.backend };
    },
    'features.tokenize': async (p) => {
      const found = resolveBackbone(ctx.db, p.backboneDir ?? p.backboneId!);
      const texts = p.texts ?? (await readTextsFile(p.textsFile!));
      return tokenizeTexts(found.dir, texts, p.maxLength);
    },
  };
}
