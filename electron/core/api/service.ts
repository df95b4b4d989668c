import { ZodError } from 'zod';
import { isMethodName, studioMethods, type StudioMethods } from '../../../shared/api/contract';
import { StudioError, type ApiErrorBody } from '../../../shared/api/errors';
import type { CallMeta } from '../context';
import type { HandlersFor } from './handler-types';

export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

export interface Service {
  call(method: string, params: unknown, meta: CallMeta): Promise<CallOutcome>;
}

function zodIssues(err: ZodError): NonNullable<ApiErrorBody['issues']> {
  return err.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}

/**
 * The core's boundary: every request is validated here, and every failure becomes a typed
 * error body. Nothing a client sends can throw past this function.
 */
export function createService(handlers: HandlersFor<StudioMethods>, log: (msg: string) => void = () => {}): Service {
  return {
    async call(method, params, meta) {
      if (!isMethodName(method)) {
        return { ok: false, error: { code: 'unknown_method', message: `Unknown method "${String(method).slice(0, 100)}".` } };
      }
      const def = studioMethods[method];
      const parsed = def.params.safeParse(params ?? {});
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'invalid_params', message: `Invalid parameters for ${method}.`, issues: zodIssues(parsed.error) },
        };
      }
      try {
        const handler = handlers[method] as (p: unknown, m: CallMeta) => unknown;
        const raw = await handler(parsed.data, meta);
        return { ok: true, result: def.result.parse(raw) };
      } catch (err) {
        if (err instanceof StudioError) return { ok: false, error: err.toBody() };
        log(`internal error in ${method}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        const message = err instanceof ZodError ? 'The core produced a malformed result.' : err instanceof Error ? err.message : String(err);
        return { ok: false, error: { code: 'internal', message } };
      }
    },
  };
}
