import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withCore } from '../with-core';
import { info, printJson, progressBar } from '../output';
import { wholeNumber } from '../flags';
import { resolveBackbone } from '../../core/backbones/service/registry';
import { embed, type EmbedSource } from '../../core/backbones/service/embed';
import { writeNpy } from '../../core/backbones/npy';
import { StudioError } from '../../../shared/api/errors';

interface EmbedFlags {
  backbone: string;
  out: string;
  pixels?: string;
  images?: string[];
  texts?: string;
  maxLength?: number;
  batchSize?: number;
}

export const embedCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('embed')
    .description("Compute a backbone's features (what a classifier head receives) for pixels, image files or texts; writes float32 [N, D] .npy.")
    .usage('--backbone DIR|ID (--pixels X.npy | --images FILE... | --texts T.json [--max-length N]) --out OUT.npy [--json]')
    .requiredOption('--backbone <dir|id>', 'a hub-layout folder or an installed backbone id')
    .option('--pixels <file>', 'NCHW float32 .npy, already normalised (as PyTorch takes it)')
    .option('--images <files...>', 'image files, preprocessed as the backbone\'s reference does')
    .option('--texts <file>', 'a JSON array of strings, or {"texts": [...]}')
    .option('--max-length <n>', 'with --texts: tokens per text', wholeNumber('--max-length', 1))
    .option('--batch-size <n>', 'items per forward pass', wholeNumber('--batch-size', 1))
    .requiredOption('--out <file>', 'the .npy to write')
    .action(
      run.action(async (o: EmbedFlags) => {
        const global = globalsOf(cmd);
        const given = [o.pixels, o.images, o.texts].filter((v) => v !== undefined).length;
        if (given !== 1) throw new CliError('Give exactly one of --pixels X.npy, --images FILE... or --texts T.json.');
        if (o.maxLength !== undefined && !o.texts) throw new CliError('--max-length applies to --texts only.');
        const source: EmbedSource = o.pixels
          ? { kind: 'pixels', path: o.pixels }
          : o.images
            ? { kind: 'images', paths: o.images }
            : { kind: 'texts', path: o.texts!, ...(o.maxLength ? { maxLength: o.maxLength } : {}) };
        const found = await withCore(global, async (core) => resolveBackbone(core.ctx.db, o.backbone));
        const bar = progressBar('embed');
        try {
          const t0 = performance.now();
          const r = await embed(found.dir, source, {
            batchSize: o.batchSize,
            onBackend: (name) => info(`tfjs backend: ${name}`),
            onProgress: (done, total) => bar.update(done, total, `${(done / Math.max(1e-3, (performance.now() - t0) / 1000)).toFixed(1)} items/s`),
          });
          bar.done();
          await writeNpy(o.out, { shape: r.shape, dtype: 'float32', data: r.data });
          info(`Wrote ${o.out}: float32 [${r.shape.join(', ')}]`);
          // The installed id when it is one, else the folder used as it is.
          if (global.json) printJson({ out: resolve(o.out), shape: r.shape, dtype: 'float32', backbone: found.row?.id ?? found.dir, backend: r.backend });
          return 0;
        } catch (e) {
          bar.done();
          if (e instanceof StudioError) throw new CliError(e.message);
          throw e;
        }
      }),
    );
};
