import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { printJson } from '../output';
import { resolveBackbone } from '../../core/backbones/service/registry';
import { readTextsFile } from '../../core/backbones/service/texts-file';
import { tokenizeTexts } from '../../core/backbones/service/tokenize';

export const tokenizeCommand: Command = {
  name: 'tokenize',
  summary: 'Token ids of texts with a text backbone\'s own tokenizer (as Hugging Face tokenizers give them).',
  usage: 'studio tokenize --backbone DIR|ID --texts T.json [--max-length N] --json',
  async run(args, global) {
    const { values } = parseArgs({
      args,
      options: { backbone: { type: 'string' }, texts: { type: 'string' }, 'max-length': { type: 'string' } },
      allowPositionals: false,
    });
    if (!values.backbone) throw new CliError('--backbone DIR|ID is required.');
    if (!values.texts) throw new CliError('--texts T.json is required (a JSON array of strings, or {"texts": [...]}).');
    let maxLength: number | undefined;
    if (values['max-length'] !== undefined) {
      maxLength = Number(values['max-length']);
      if (!Number.isInteger(maxLength) || maxLength < 1) throw new CliError(`--max-length must be a positive integer, got "${values['max-length']}".`);
    }
    const texts = await readTextsFile(values.texts);
    const dir = await withCore(global, async (core) => resolveBackbone(core.ctx.db, values.backbone!).dir);
    const out = await tokenizeTexts(dir, texts, maxLength);
    if (global.json) printJson(out);
    else for (const row of out.input_ids) process.stdout.write(row.join(' ') + '\n');
    return 0;
  },
};
