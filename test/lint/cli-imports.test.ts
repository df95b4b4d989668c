import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the CLI reaches the core only through electron/core/entry: openCore and the typed client (lint)', () => {
  it('refuses every other core module, the helpers it used to import one by one included', async () => {
    for (const [from, name] of [
      ['../../core/training/registry', 'supervisorFor'],
      ['../../core/backbones/service/runtime', 'backbonesRuntime'],
      ['../../core/backbones/service/registry', 'resolveBackbone'],
      ['../../core/store/db', 'openDatabase'],
      // Allowed one by one before electron/core/entry.ts gathered them: now refused by their own path.
      ['../core/core', 'openCore'],
      ['../core/api/in-process-client', 'createInProcessClient'],
      ['../../core/server/http-server', 'startBrowserServer'],
      ['../../core/safety-net', 'installSafetyNet'],
      ['../core/data-dir', 'resolveDataDir'],
      ['../core/version', 'studioVersion'],
      ['../core/server/host-check', 'isLoopbackHost'],
      ['../core/entry-extra', 'x'],
    ]) {
      const msgs = await restricted(`import { ${name} } from '${from}';\nexport const x = ${name};\n`, 'electron/cli/commands/bad.ts');
      expect(msgs.join('\n'), from).toMatch(/only through electron\/core\/entry/);
    }
  });

  it('allows electron/core/entry and shared/', async () => {
    const code = "import { openCore, createInProcessClient } from '../../core/entry';\nimport { StudioError } from '../../../shared/api/errors';\nexport const x = [openCore, createInProcessClient, StudioError];\n";
    expect(await restricted(code, 'electron/cli/commands/ok.ts')).toEqual([]);
  });

  it('the CLI as committed passes the rule', async () => {
    const results = await eslint.lintFiles(['electron/cli/**/*.ts']);
    const hits = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(hits).toEqual([]);
  });
});
