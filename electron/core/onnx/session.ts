import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';

export interface EpAttempt {
  ep: string;
  /** Why this rung was not used; absent for the chosen one. */
  reason?: string;
}

/** Which execution provider ORT really runs on, and why each better one was passed over. */
export interface OrtChoice {
  ep: string;
  attempts: EpAttempt[];
  /** e.g. 'onnxruntime-node 1.30.0 (cpu; cuda: provider library not installed)' */
  label: string;
}

const require_ = createRequire(import.meta.url);
let ortModule: typeof Ort | null = null;

export function ort(): typeof Ort {
  ortModule ??= require_('onnxruntime-node') as typeof Ort;
  return ortModule;
}

function ortVersion(): string {
  try {
    return (require_('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return '?';
  }
}

/** The provider libraries onnxruntime-node's install script downloads (not bundled in the npm package). */
function providerLibraryMissing(ep: string): string | null {
  if (ep !== 'cuda' && ep !== 'tensorrt') return null;
  const dir = join(dirname(require_.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
  const lib = process.platform === 'win32' ? `onnxruntime_providers_${ep}.dll` : `libonnxruntime_providers_${ep}.so`;
  return existsSync(join(dir, lib)) ? null : `provider library ${lib} not installed (see README: ONNX Runtime GPU providers)`;
}

/** The ladder for this platform, best first: CUDA → DirectML/CoreML/WebGPU → CPU. */
export function epLadder(): string[] {
  if (process.platform === 'win32') return ['cuda', 'dml', 'webgpu', 'cpu'];
  if (process.platform === 'darwin') return ['coreml', 'webgpu', 'cpu'];
  return ['cuda', 'webgpu', 'cpu'];
}

/** STUDIO_ORT_EP forces one provider (tests, benchmarks); STUDIO_INFERENCE=tfjs turns ORT off altogether (see engine.ts). */
function forcedEp(): string | null {
  const v = process.env.STUDIO_ORT_EP?.trim();
  return v ? v : null;
}

let knownGood: { ep: string; attempts: EpAttempt[] } | null = null;

/**
 * Creates a session on the best provider that really starts: each rung is tried alone (no silent CPU
 * fallback inside ORT), and a failure records its reason and moves down. The first success is remembered
 * for the process, so later sessions skip the rungs that failed.
 */
export async function createSession(model: Uint8Array, threads?: number): Promise<{ session: Ort.InferenceSession; choice: OrtChoice }> {
  const o = ort();
  const supported = new Set(o.listSupportedBackends().map((b) => b.name));
  const forced = forcedEp();
  const ladder = forced ? [forced] : knownGood ? [knownGood.ep] : epLadder();
  const attempts: EpAttempt[] = knownGood && !forced ? [...knownGood.attempts] : [];
  for (const ep of ladder) {
    const missing = ep === 'cpu' ? null : !supported.has(ep) ? `not in this onnxruntime-node build (has ${[...supported].join(', ')})` : providerLibraryMissing(ep);
    if (missing) {
      attempts.push({ ep, reason: missing });
      continue;
    }
    // WebGPU without an adapter (a headless server) fails at session creation: caught below like any other.
    if (ep === 'webgpu' && !process.env.STUDIO_ORT_TRY_WEBGPU && process.platform === 'linux') {
      attempts.push({ ep, reason: 'skipped on Linux unless STUDIO_ORT_TRY_WEBGPU=1 (Dawn needs a Vulkan GPU)' });
      continue;
    }
    try {
      const session = await o.InferenceSession.create(model, {
        executionProviders: [ep],
        graphOptimizationLevel: 'all',
        ...(threads ? { intraOpNumThreads: threads } : {}),
      });
      if (!forced) knownGood = { ep, attempts: attempts.filter((a) => a.ep !== ep) };
      const passed = attempts.filter((a) => a.ep !== ep);
      const why = passed.map((a) => `${a.ep}: ${a.reason}`).join('; ');
      return { session, choice: { ep, attempts: passed, label: `onnxruntime-node ${ortVersion()} (${ep}${why ? `; ${why}` : ''})` } };
    } catch (e) {
      attempts.push({ ep, reason: (e as Error).message.split('\n')[0]!.slice(0, 300) });
    }
  }
  throw new Error(`ONNX Runtime could not start on any provider: ${attempts.map((a) => `${a.ep}: ${a.reason}`).join('; ')}`);
}
