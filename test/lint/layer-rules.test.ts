import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lint(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules fire', () => {
  it('the core never imports electron', async () => {
    const msgs = await lint("import { app } from 'electron';\nexport const x = app;\n", 'electron/core/store/bad.ts');
    expect(msgs.join('\n')).toMatch(/no-restricted-imports: .*never import electron/);
  });

  it('the CLI and shared/ never import electron either', async () => {
    expect((await lint("import { app } from 'electron';\nexport const x = app;\n", 'electron/cli/bad.ts')).join()).toMatch(/no-restricted-imports/);
    expect((await lint("import { app } from 'electron';\nexport const x = app;\n", 'shared/bad.ts')).join()).toMatch(/no-restricted-imports/);
  });

  it('the renderer never imports the core', async () => {
    const msgs = await lint("import { openCore } from '../../electron/core/core';\nexport const x = openCore;\n", 'renderer/src/bad.ts');
    expect(msgs.join('\n')).toMatch(/no-restricted-imports: .*only to window.studio/);
  });

  it('raw ipcMain/ipcRenderer only in the adapter files', async () => {
    const code = "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n";
    expect((await lint(code, 'electron/main/other.ts')).join('\n')).toMatch(/no-restricted-syntax: Raw ipcMain/);
    expect(await lint(code, 'electron/main/ipc-adapter.ts')).toEqual([]);
  });

  it('the adapter and a clean core file pass', async () => {
    expect(await lint("import { join } from 'node:path';\nexport const p = join('a', 'b');\n", 'electron/core/ok.ts')).toEqual([]);
  });

  it('default exports are refused (named exports only)', async () => {
    expect((await lint('export default function f() {}\n', 'electron/core/x.ts')).join()).toMatch(/no-restricted-exports/);
  });
});
