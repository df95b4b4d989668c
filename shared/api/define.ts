import type { z } from 'zod';

/** A request/response method: both sides are zod schemas so either end can validate. */
export interface MethodDef<P extends z.ZodTypeAny = z.ZodTypeAny, R extends z.ZodTypeAny = z.ZodTypeAny> {
  params: P;
  result: R;
  description: string;
}

export function method<P extends z.ZodTypeAny, R extends z.ZodTypeAny>(def: MethodDef<P, R>): MethodDef<P, R> {
  return def;
}
