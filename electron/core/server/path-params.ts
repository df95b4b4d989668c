import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { MethodName } from '../../../shared/api/contract';
import type { ApiErrorBody } from '../../../shared/api/errors';
import { scanCsv } from '../datasets/csv';
import type { PathAccess, PathPolicy } from './path-policy';

/**
 * Every contract parameter that names a file or folder on the core's machine, and whether the
 * method reads or writes there. test/server/path-params.test.ts walks the contract and fails when a
 * new string parameter is neither listed here nor declared not to be a path.
 */
export const pathParams: Partial<Record<MethodName, Readonly<Record<string, PathAccess>>>> = {
  'datasets.import.start': { path: 'read' },
  'backbones.addLocal': { path: 'read' },
  'evaluation.path': { path: 'read' },
  'predict.files': { files: 'read' },
  'predict.folder': { path: 'read', out: 'write' },
  'export.run': { outDir: 'write' },
  'features.embed': { backboneDir: 'read', pixels: 'read', images: 'read', texts: 'read', out: 'write' },
  'features.tokenize': { backboneDir: 'read', textsFile: 'read' },
  'explain.attention': { backboneDir: 'read', textsFile: 'read', pixels: 'read', images: 'read', out: 'write' },
  'explain.run': { files: 'read', pixels: 'read', outDir: 'write' },
};

/** Methods whose read path may be a CSV listing image paths, each of which is read too. */
const csvReaders = new Set<MethodName>(['datasets.import.start', 'evaluation.path', 'predict.folder']);

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

async function isCsvFile(path: string): Promise<boolean> {
  if (!/^\.(csv|tsv)$/i.test(extname(path))) return false;
  return (await stat(resolve(path)).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Checks a request's paths against the policy before the handler sees them. Params are not yet
 * validated here: anything that is not a string is left for the method's schema to reject.
 * A CSV of image paths is a read of each path it lists, so with confined reads every row is checked too.
 */
export async function guardPaths(policy: PathPolicy, method: string, params: unknown): Promise<ApiErrorBody | undefined> {
  const spec = pathParams[method as MethodName];
  if (!spec || typeof params !== 'object' || params === null) return undefined;
  const issues: NonNullable<ApiErrorBody['issues']> = [];
  for (const [key, access] of Object.entries(spec)) {
    for (const path of stringsOf((params as Record<string, unknown>)[key])) {
      const why = policy.check(access, path);
      if (why) {
        issues.push({ path: key, message: why });
        continue;
      }
      if (access === 'read' && policy.confineReads && csvReaders.has(method as MethodName) && (await isCsvFile(path))) {
        // An unreadable CSV is left for the handler, which reports it in its own words.
        const scan = await scanCsv(resolve(path)).catch(() => undefined);
        for (const e of scan?.entries ?? []) {
          const rowWhy = e.kind === 'file' ? policy.check('read', e.displayPath) : undefined;
          if (rowWhy) {
            issues.push({ path: key, message: `${path} lists a file outside the allowed folders: ${rowWhy}` });
            break;
          }
        }
      }
    }
  }
  if (!issues.length) return undefined;
  return { code: 'invalid_params', message: issues[0]!.message, issues };
}
