import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the CLI reaches the core only through the typed client and openCore (lint)', () => {
  it('refuses core internals the CLI used to reach into', async () => {
    for (const [from, name] of [
      ['../../core/training/registry', 'supervisorFor'],
      ['../../core/backbones/service/runtime', 'backbonesRuntime'],
      ['../../core/backbones/service/registry', 'resolveBackbone'],
      ['../../core/store/db', 'openDatabase'],
    ]) {
      const msgs = await restricted(`import { ${name} } from '${from}';\nexport const x = ${name};\n`, 'electron/cli/commands/bad.ts');
      expect(msgs.join('\n'), from).toMatch(/only through the typed client/);
    }
  });

  it('allows openCore and the in-process client', async () => {
    const code = "import { openCore } from '../core/core';\nimport { createInProcessClient } from '../core/api/in-process-client';\nexport const x = [openCore, createInProcessClient];\n";
    expect(await restricted(code, 'electron/cli/ok.ts')).toEqual([]);
  });

  it('the CLI as committed passes the rule', async () => {
    const results = await eslint.lintFiles(['electron/cli/**/*.ts']);
    const hits = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(hits).toEqual([]);
  });
});
