import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const noElectronInCore = {
  paths: [{ name: 'electron', message: 'The core runs without Electron (CLI, browser mode): never import electron here.' }],
  patterns: [{ group: ['electron/*'], message: 'The core runs without Electron.' }],
};

// tfjs comes in through one local module, electron/core/tf/tf.ts (tfjs-core + its generated gradients and
// chained ops, tfjs-layers, the cpu backend). The @tensorflow/tfjs umbrella is not a dependency: it would
// bring back the webgl backend, the converter and tfjs-data. (esquery's regex cannot hold a '/': '.' stands in.)
const noTfjsUmbrella = {
  selector: ':matches(ImportDeclaration, ImportExpression, ExportAllDeclaration, ExportNamedDeclaration)[source.value=/^@tensorflow.tfjs($|.dist)/]',
  message: "Import tfjs from electron/core/tf/tf (tfjs-core + tfjs-layers, gradients and chained ops registered), not the '@tensorflow/tfjs' umbrella.",
};

// The vitest lint tests lint made-up files (electron/core/store/bad.ts…) that no tsconfig includes, which
// type-aware parsing refuses; vitest.config.ts sets this so they get the untyped rules (the layer rules
// need no types). `npm run lint` always runs the type-aware rules.
const typedLint = process.env.STUDIO_LINT_UNTYPED !== '1';

const rawIpc = {
  selector: "MemberExpression[object.name=/^ipc(Main|Renderer)$/]",
  message: 'Raw ipcMain/ipcRenderer only in the IPC adapter files (electron/main/ipc-adapter.ts, electron/preload/index.ts).',
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'electron/core/tf/generated/**', 'test-results/**', 'playwright-report/**', 'resources/**', '**/*.d.ts', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...(typedLint ? [{
    // Type-aware rules where a mistake is silent at run time: a promise nobody awaits or catches
    // (an unhandled rejection, or work the caller thinks is done), a promise where a callback's
    // void is expected (an event handler whose failure vanishes), an await of something that is not
    // a promise. The rest of recommendedTypeChecked is left off: its no-unsafe-* rules flag the
    // JSON/zod boundaries (about 100 lines, each checked by a schema already) and
    // no-unnecessary-type-assertion ~900 non-null assertions that strict indexing style wants.
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.node.json', './tsconfig.web.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  }] : []),
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', rawIpc, noTfjsUmbrella],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectronInCore] },
  },
  {
    // The CLI is a face like the renderer: it reaches the core only through electron/core/entry.ts
    // (openCore, the typed client over it, and the few things a face does before or around a core).
    files: ['electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectronInCore,
          patterns: [
            ...noElectronInCore.patterns,
            {
              // Any module of electron/core but entry.ts.
              regex: '(^|/)core/(?!entry(\\.ts)?$)',
              message: 'The CLI reaches the core only through electron/core/entry (openCore and the typed client): add an API method instead of importing core internals.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...noElectronInCore, patterns: [...noElectronInCore.patterns, { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from electron/ or renderer/.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only to window.studio.' }],
          patterns: [{ group: ['**/electron/**', 'node:*'], message: 'The renderer never imports the core or Node: it talks only to window.studio.' }],
        },
      ],
    },
  },
  {
    files: ['electron/main/ipc-adapter.ts', 'electron/preload/index.ts'],
    rules: { 'no-restricted-syntax': ['error', noTfjsUmbrella] },
  },
  {
    // Config files are consumed by tools that require a default export.
    files: ['*.config.ts', '*.config.mjs', '*.config.d.mts', 'electron.vite.config.ts'],
    rules: { 'no-restricted-exports': 'off' },
  },
);
