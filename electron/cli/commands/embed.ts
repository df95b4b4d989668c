import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { info, printJson, progressBar } from '../output';
import { resolveBackbone } from '../../core/backbones/service/registry';
import { embed, type EmbedSource } from '../../core/backbones/service/embed';
import { writeNpy } from '../../core/backbones/npy';
import { StudioError } from '../../../shared/api/errors';

function intOption(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${name} must be a positive integer, got "${v}".`);
  return n;
}

export const embedCommand: Command = {
  name: 'embed',
  summary: 'Compute a backbone\'s features (what a classifier head receives) for pixels, image files or texts; writes float32 [N, D] .npy.',
  usage: 'studio embed --backbone DIR|ID (--pixels X.npy | --images FILE... | --texts T.json [--max-length N]) --out OUT.npy [--json]',
  async run(args, global) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        backbone: { type: 'string' },
        pixels: { type: 'string' },
        images: { type: 'string', multiple: true },
        texts: { type: 'string' },
        'max-length': { type: 'string' },
        'batch-size': { type: 'string' },
        out: { type: 'string' },
      },
      allowPositionals: true,
    });
    if (!values.backbone) throw new CliError('--backbone DIR|ID is required.');
    if (!values.out) throw new CliError('--out OUT.npy is required.');
    // `--images a.jpg b.jpg` leaves b.jpg as a positional: it belongs to --images.
    const images = values.images ? [...values.images, ...positionals] : undefined;
    if (!images && positionals.length) throw new CliError(`Unexpected argument "${positionals[0]}".`);
    const given = [values.pixels, images, values.texts].filter((v) => v !== undefined).length;
    if (given !== 1) throw new CliError('Give exactly one of --pixels X.npy, --images FILE... or --texts T.json.');
    const maxLength = intOption(values['max-length'], '--max-length');
    if (maxLength !== undefined && !values.texts) throw new CliError('--max-length applies to --texts only.');
    const source: EmbedSource = values.pixels
      ? { kind: 'pixels', path: values.pixels }
      : images
        ? { kind: 'images', paths: images }
        : { kind: 'texts', path: values.texts!, ...(maxLength ? { maxLength } : {}) };
    const found = await withCore(global, async (core) => resolveBackbone(core.ctx.db, values.backbone!));
    const bar = progressBar('embed');
    try {
      const t0 = performance.now();
      const r = await embed(found.dir, source, {
        batchSize: intOption(values['batch-size'], '--batch-size'),
        onBackend: (name) => info(`tfjs backend: ${name}`),
        onProgress: (done, total) => bar.update(done, total, `${(done / Math.max(1e-3, (performance.now() - t0) / 1000)).toFixed(1)} items/s`),
      });
      bar.done();
      await writeNpy(values.out, { shape: r.shape, dtype: 'float32', data: r.data });
      info(`Wrote ${values.out}: float32 [${r.shape.join(', ')}]`);
      // The installed id when it is one, else the folder used as it is.
      if (global.json) printJson({ out: resolve(values.out), shape: r.shape, dtype: 'float32', backbone: found.row?.id ?? found.dir, backend: r.backend });
      return 0;
    } catch (e) {
      bar.done();
      if (e instanceof StudioError) throw new CliError(e.message);
      throw e;
    }
  },
};
