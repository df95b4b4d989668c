import { randomUUID } from 'node:crypto';
import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { info, printJson, progressBar } from '../output';
import { runIdArg } from '../flags';

interface ExplainFlags {
  run: number;
  out: string;
  pixels?: string;
  label?: string;
  method?: 'auto' | 'gradcam' | 'rollout';
}

export const explainCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('explain')
    .description(
      'Why a run predicted what it did: Grad-CAM (ResNet, VGG: the last stage, ReLU, divided by its max), attention rollout (ViT), ' +
        'per-token scores (text runs). Writes DIR/cams.npy float32 [N, h, w], DIR/<file>.png overlays, DIR/tokens.json for text runs.',
    )
    .usage('--run ID (FILE... | --pixels X.npy) --out DIR [--label NAME] [--method auto|gradcam|rollout] [--json]')
    .argument('[FILE...]', 'image files (or .txt files for a text run)')
    .requiredOption('--run <id>', 'the run to explain (see `studio runs`)', runIdArg)
    .option('--pixels <file>', 'NCHW float32 .npy, already normalised')
    .requiredOption('--out <dir>', 'the folder to write cams.npy and the overlays to')
    .option('--label <name>', 'explain this class instead of the predicted one')
    .option('--method <m>', "auto (Grad-CAM; rollout for ViT), gradcam or rollout", (v: string) => {
      if (v !== 'auto' && v !== 'gradcam' && v !== 'rollout') throw new CliError(`--method must be auto, gradcam or rollout, not "${v}".`);
      return v;
    })
    .action(
      run.action(async (files: string[], o: ExplainFlags) => {
        if ((files.length === 0) === (o.pixels === undefined)) throw new CliError('Give image FILEs or --pixels X.npy (one of them).');
        const global = globalsOf(cmd);
        return withClient(global, async (api) => {
          const progressId = randomUUID();
          const bar = progressBar('explain');
          const off = api.on('explain.progress', (p) => {
            if (p.progressId === progressId) bar.update(p.done, p.total, p.backend);
          });
          let r;
          try {
            r = await api.call('explain.run', {
              runId: o.run,
              ...(o.pixels !== undefined ? { pixels: o.pixels } : { files }),
              ...(o.label !== undefined ? { label: o.label } : {}),
              ...(o.method !== undefined ? { method: o.method } : {}),
              outDir: o.out,
              progressId,
            });
          } finally {
            off();
            bar.done();
          }
          info(`Wrote ${r.written?.cams ?? o.out} (${r.method}, ${r.items.length} item(s), backend ${r.backend})`);
          if (global.json) {
            printJson({
              items: r.items.map((it) => ({ file: it.file, label: it.label, score: it.score, cam: it.overlayPath ?? r.written?.tokens ?? r.written?.cams ?? null })),
              cams: r.written?.cams ?? null,
              ...(r.written?.tokens ? { tokens: r.written.tokens } : {}),
              method: r.method,
              backend: r.backend,
            });
          } else {
            for (const it of r.items) process.stdout.write(`${it.file}\t${it.label}\t${(it.score * 100).toFixed(1)} %\t${it.overlayPath ?? ''}\n`);
          }
          return 0;
        });
      }),
    );
};
