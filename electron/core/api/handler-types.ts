import type { z } from 'zod';
import type { MethodDef } from '../../../shared/api/define';
import type { CallMeta } from '../context';

/** Handlers for a group of methods: params arrive validated; the result is validated on the way out. */
export type HandlersFor<T extends Record<string, MethodDef>> = {
  [K in keyof T]: (params: z.output<T[K]['params']>, meta: CallMeta) => Promise<z.input<T[K]['result']>> | z.input<T[K]['result']>;
};
