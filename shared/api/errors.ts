import { z } from 'zod';

/** Every failure that crosses the API boundary has one of these codes, so the UI can react without parsing messages. */
export const apiErrorCodes = [
  'invalid_params',
  'unknown_method',
  'not_found',
  'conflict',
  'bad_input',
  'cancelled',
  'unavailable',
  'internal',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const apiErrorSchema = z.object({
  code: z.enum(apiErrorCodes),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** Thrown by core handlers; serialised as ApiErrorBody on the wire and rethrown as StudioError in clients. */
export class StudioError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiErrorBody['issues'],
  ) {
    super(message);
    this.name = 'StudioError';
  }

  toBody(): ApiErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromBody(body: ApiErrorBody): StudioError {
    return new StudioError(body.code, body.message, body.issues);
  }
}
