import type { CliCommand } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { printJson } from '../output';
import { wholeNumber } from '../flags';
import { backboneRef } from './embed';

export const tokenizeCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('tokenize')
    .description("Token ids of texts with a text backbone's own tokenizer (as Hugging Face tokenizers give them).")
    .usage('--backbone DIR|ID --texts T.json [--max-length N] --json')
    .requiredOption('--backbone <dir|id>', 'a hub-layout folder or an installed backbone id')
    .requiredOption('--texts <file>', 'a JSON array of strings, or {"texts": [...]}')
    .option('--max-length <n>', 'tokens per text (truncated and padded to it)', wholeNumber('--max-length', 1, 'a positive integer'))
    .action(
      run.action(async (o: { backbone: string; texts: string; maxLength?: number }) => {
        const global = globalsOf(cmd);
        const out = await withClient(global, (api) =>
          api.call('features.tokenize', { ...backboneRef(o.backbone), textsFile: o.texts, ...(o.maxLength !== undefined ? { maxLength: o.maxLength } : {}) }),
        );
        if (global.json) printJson(out);
        else for (const row of out.input_ids) process.stdout.write(row.join(' ') + '\n');
        return 0;
      }),
    );
};
