import { describe, expect, it } from 'vitest';

// The config as `npm run lint` loads it: with the type-aware rules (vitest.config.ts turns them off
// for the tests that lint made-up files). Set before eslint.config.mjs is first imported.
process.env.STUDIO_LINT_UNTYPED = '0';
const { ESLint } = await import('eslint');
const eslint = new ESLint({ cwd: process.cwd() });

const severity = (v: unknown) => (Array.isArray(v) ? v[0] : v);

describe('npm run lint has the type-aware and hooks rules on', () => {
  it('no-floating-promises, no-misused-promises and await-thenable are errors for TypeScript, with type information', async () => {
    for (const file of ['electron/core/core.ts', 'electron/cli/main.ts', 'renderer/src/main.tsx', 'test/cli/cli.test.ts']) {
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown>; languageOptions: { parserOptions?: { project?: unknown } } };
      for (const rule of ['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises', '@typescript-eslint/await-thenable']) {
        expect([2, 'error'], `${rule} in ${file}`).toContain(severity(config.rules[rule]));
      }
      expect(config.languageOptions.parserOptions?.project, file).toBeTruthy();
    }
  });

  it('rules-of-hooks and exhaustive-deps are errors in the renderer', async () => {
    const config = (await eslint.calculateConfigForFile('renderer/src/pages/TrainPage.tsx')) as { rules: Record<string, unknown> };
    expect([2, 'error']).toContain(severity(config.rules['react-hooks/rules-of-hooks']));
    expect([2, 'error']).toContain(severity(config.rules['react-hooks/exhaustive-deps']));
  });
});
