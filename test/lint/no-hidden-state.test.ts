import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The core is built in one place (openCore in electron/core/core.ts) and its parts reach each other
 * through ctx.services. State kept at module level (a WeakMap keyed by the core, a `let`, an empty
 * Map or array filled later) hides a part of the core from that one place, so it is refused here.
 * What is allowed below is not per-core state, and each says why. Files named worker.ts or
 * *-worker.ts run in a worker process, not in the core: keeping the last model loaded there is
 * their job, one per process.
 */
const workerSide = /(^|[-/])worker(-entry)?\.ts$/;
const allowed: Record<string, string> = {
  'electron/core/training/run-lease.ts:liveTokens': 'a fact about the process: which cores of this process are open (several may be)',
  'electron/core/backbones/safetensors/dtypes.ts:halfTable': 'a constant lookup table computed on first use',
  'electron/core/images/lab-cms.ts:loading': 'the LittleCMS wasm module, loaded once per process',
  'electron/core/onnx/session.ts:ortModule': 'the onnxruntime module, loaded once per process',
  'electron/core/onnx/session.ts:knownGood': 'which execution provider works on this machine, probed once per process',
  'electron/core/onnx/engine.ts:shared': 'ONNX Runtime sessions, one per backbone per process (used in the model and training processes and by embed)',
  'electron/core/onnx/proto.ts:modelType': 'the parsed ONNX protobuf schema, a constant loaded on first use',
  'electron/core/export/resnet-layers.ts:exportTemps': 'runs in the model process: the tensors of the export in progress, disposed after it',
};

const coreDir = join(import.meta.dirname, '..', '..', 'electron', 'core');

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

const collections = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);

/** Module-level declarations that hold state: `let`/`var`, a WeakMap/WeakSet, an empty Map/Set, an empty array. */
export function hiddenState(source: string, fileName = 'x.ts'): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const mutable = !(st.declarationList.flags & ts.NodeFlags.Const);
    for (const d of st.declarationList.declarations) {
      const name = d.name.getText(sf);
      const init = d.initializer;
      let state = mutable;
      if (init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && collections.has(init.expression.text)) {
        state ||= init.expression.text.startsWith('Weak') || (init.arguments?.length ?? 0) === 0;
      }
      if (init && ts.isArrayLiteralExpression(init) && init.elements.length === 0) state = true;
      if (state) found.push(name);
    }
  }
  return found;
}

describe('no hidden per-core state', () => {
  it('the detector sees each kind of module-level state, and leaves constants alone', () => {
    const src = [
      'const byCore = new WeakMap<object, number>();',
      'let current = null;',
      'const pending = new Map();',
      'const queue: number[] = [];',
      "const table = new Set(['a', 'b']);",
      'const limit = 5;',
      'function f() { let inside = 1; return inside; }',
    ].join('\n');
    expect(hiddenState(src)).toEqual(['byCore', 'current', 'pending', 'queue']);
  });

  it('electron/core keeps none outside the services openCore builds', () => {
    const offenders: string[] = [];
    for (const file of tsFiles(coreDir)) {
      const rel = relative(join(coreDir, '..', '..'), file).split('\\').join('/');
      if (workerSide.test(rel)) continue;
      for (const name of hiddenState(readFileSync(file, 'utf8'), file)) if (!allowed[`${rel}:${name}`]) offenders.push(`${rel}:${name}`);
    }
    expect(offenders, 'module-level state in the core: build it in openCore (core.ts) and reach it through ctx.services').toEqual([]);
  });
});
