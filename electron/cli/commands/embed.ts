import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type { CliCommand } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { info, printJson, progressBar } from '../output';
import { wholeNumber } from '../flags';

interface EmbedFlags {
  backbone: string;
  out: string;
  pixels?: string;
  images?: string[];
  texts?: string;
  maxLength?: number;
  batchSize?: number;
}

/** `--backbone DIR|ID`: an existing folder is used as it is, anything else names an installed backbone. */
export function backboneRef(arg: string): { backboneDir: string } | { backboneId: string } {
  return existsSync(arg) && statSync(arg).isDirectory() ? { backboneDir: arg } : { backboneId: arg };
}

export const embedCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('embed')
    .description("Compute a backbone's features (what a classifier head receives) for pixels, image files or texts; writes float32 [N, D] .npy.")
    .usage('--backbone DIR|ID (--pixels X.npy | --images FILE... | --texts T.json [--max-length N]) --out OUT.npy [--json]')
    .requiredOption('--backbone <dir|id>', 'a hub-layout folder or an installed backbone id')
    .option('--pixels <file>', 'NCHW float32 .npy, already normalised (as PyTorch takes it)')
    .option('--images <files...>', "image files, preprocessed as the backbone's reference does")
    .option('--texts <file>', 'a JSON array of strings, or {"texts": [...]}')
    .option('--max-length <n>', 'with --texts: tokens per text', wholeNumber('--max-length', 1, 'a positive integer'))
    .option('--batch-size <n>', 'items per forward pass', wholeNumber('--batch-size', 1, 'a positive integer'))
    .requiredOption('--out <file>', 'the .npy to write')
    .action(
      run.action(async (o: EmbedFlags) => {
        const global = globalsOf(cmd);
        return withClient(global, async (api) => {
          const progressId = randomUUID();
          const bar = progressBar('embed');
          const t0 = performance.now();
          let announced = false;
          const off = api.on('features.progress', (p) => {
            if (p.progressId !== progressId) return;
            if (!announced) {
              announced = true;
              info(`tfjs backend: ${p.backend}`);
            }
            bar.update(p.done, p.total, `${(p.done / Math.max(1e-3, (performance.now() - t0) / 1000)).toFixed(1)} items/s`);
          });
          let r;
          try {
            r = await api.call('features.embed', {
              ...backboneRef(o.backbone),
              ...(o.pixels !== undefined ? { pixels: o.pixels } : {}),
              ...(o.images !== undefined ? { images: o.images } : {}),
              ...(o.texts !== undefined ? { texts: o.texts } : {}),
              ...(o.maxLength !== undefined ? { maxLength: o.maxLength } : {}),
              ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
              out: o.out,
              progressId,
            });
          } finally {
            off();
            bar.done();
          }
          info(`Wrote ${o.out}: float32 [${r.shape.join(', ')}]`);
          if (global.json) printJson(r);
          return 0;
        });
      }),
    );
};
