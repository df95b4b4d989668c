import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withCore } from '../with-core';
import { printJson } from '../output';
import { wholeNumber } from '../flags';
import { resolveBackbone } from '../../core/backbones/service/registry';
import { readTextsFile } from '../../core/backbones/service/texts-file';
import { tokenizeTexts } from '../../core/backbones/service/tokenize';

export const tokenizeCommand: CliCommand = (program, run) => {
  const cmd = program
    .command('tokenize')
    .description("Token ids of texts with a text backbone's own tokenizer (as Hugging Face tokenizers give them).")
    .requiredOption('--backbone <dir|id>', 'a hub-layout folder or an installed backbone id')
    .requiredOption('--texts <file>', 'a JSON array of strings, or {"texts": [...]}')
    .option('--max-length <n>', 'tokens per text', wholeNumber('--max-length', 1, 'a positive integer'))
    .action(
      run.action(async (o: { backbone: string; texts: string; maxLength?: number }) => {
        const global = globalsOf(cmd);
        const texts = await readTextsFile(o.texts);
        const dir = await withCore(global, async (core) => resolveBackbone(core.ctx.db, o.backbone).dir);
        const out = await tokenizeTexts(dir, texts, o.maxLength);
        if (global.json) printJson(out);
        else for (const row of out.input_ids) process.stdout.write(row.join(' ') + '\n');
        return 0;
      }),
    );
};
