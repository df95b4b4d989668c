import { randomUUID } from 'node:crypto';
import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { info, printJson, progressBar } from '../output';
import { wholeNumber } from '../flags';
import { backboneRef } from './embed';

interface AttentionFlags {
  backbone: string;
  out: string;
  texts?: string;
  pixels?: string;
  maxLength?: number;
}

export const attentionCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('attention')
    .description(
      'Attention probabilities of every layer and head of a BERT, GPT-2 or ViT backbone, as transformers/timm compute them; ' +
        'writes float32 [N, layers, heads, T, T] .npy (T: tokens after padding to the longest text or --max-length; 1 + patches for ViT).',
    )
    .usage('--backbone DIR|ID (--texts T.json [--max-length N] | --pixels X.npy) --out A.npy [--json]')
    .requiredOption('--backbone <dir|id>', 'a hub-layout folder or an installed backbone id')
    .option('--texts <file>', 'a JSON array of strings, or {"texts": [...]}')
    .option('--max-length <n>', 'with --texts: pad (and truncate) every text to N tokens', wholeNumber('--max-length', 1, 'a positive integer'))
    .option('--pixels <file>', 'NCHW float32 .npy, already normalised (ViT)')
    .requiredOption('--out <file>', 'the .npy to write')
    .action(
      run.action(async (o: AttentionFlags) => {
        if ((o.texts === undefined) === (o.pixels === undefined)) throw new CliError('Give exactly one of --texts T.json or --pixels X.npy.');
        if (o.maxLength !== undefined && o.texts === undefined) throw new CliError('--max-length applies to --texts only.');
        const global = globalsOf(cmd);
        return withClient(global, async (api) => {
          const progressId = randomUUID();
          const bar = progressBar('attention');
          let announced = false;
          const off = api.on('explain.progress', (p) => {
            if (p.progressId !== progressId) return;
            if (!announced) {
              announced = true;
              info(`tfjs backend: ${p.backend}`);
            }
            bar.update(p.done, p.total, '');
          });
          let r;
          try {
            r = await api.call('explain.attention', {
              ...backboneRef(o.backbone),
              ...(o.texts !== undefined ? { textsFile: o.texts } : { pixels: o.pixels! }),
              ...(o.maxLength !== undefined ? { maxLength: o.maxLength } : {}),
              out: o.out,
              progressId,
            });
          } finally {
            off();
            bar.done();
          }
          info(`Wrote ${r.out}: float32 [${r.shape.join(', ')}] (${r.architecture})`);
          if (global.json) printJson({ out: r.out, shape: r.shape, dtype: 'float32', tokens: r.tokens, backbone: r.backbone, backend: r.backend });
          return 0;
        });
      }),
    );
};
