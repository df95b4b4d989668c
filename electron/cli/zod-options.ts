import { InvalidArgumentError, Option } from 'commander';
import type { z } from 'zod';

/** The schema under optional/default/nullable wrappers: what decides how a flag's text is read. */
function inner(schema: z.ZodTypeAny): z.ZodTypeAny {
  let s = schema;
  for (;;) {
    const def = s._def as { typeName?: string; innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny };
    if ((def.typeName === 'ZodOptional' || def.typeName === 'ZodDefault' || def.typeName === 'ZodNullable') && def.innerType) s = def.innerType;
    else if (def.typeName === 'ZodEffects' && def.schema) s = def.schema;
    else return s;
  }
}

/**
 * A commander option whose value is read and checked by a field of the method's zod schema, so
 * the flag accepts exactly what the API accepts: an enum gives the choices (listed in --help), a
 * number is parsed and range-checked. `message` is the one-line reason for a bad value (the
 * wording scripts and tests rely on); without it, zod's own message is used.
 */
export function schemaOption(flags: string, description: string, field: z.ZodTypeAny, message?: (value: string) => string): Option {
  const opt = new Option(flags, description);
  const name = flags.split(/[ ,]+/).find((f) => f.startsWith('--'))!;
  const core = inner(field);
  const typeName = (core._def as { typeName?: string }).typeName;
  const choices = typeName === 'ZodEnum' ? ((core as z.ZodEnum<[string, ...string[]]>).options as readonly string[]) : undefined;
  if (choices) opt.description = `${description} (${choices.join(', ')})`;
  opt.argParser((value: string) => {
    const raw: unknown = typeName === 'ZodNumber' ? (value.trim() === '' ? NaN : Number(value)) : value;
    const parsed = core.safeParse(raw);
    if (parsed.success) return parsed.data as unknown;
    const reason = message
      ? message(value)
      : choices
        ? `${name} must be one of ${choices.join(', ')}, got "${value}".`
        : `${name}: ${parsed.error.issues[0]?.message ?? 'invalid value'}, got "${value}".`;
    throw new InvalidArgumentError(reason);
  });
  return opt;
}
