import { StudioError, type ApiErrorCode } from '../../../shared/api/errors';

/**
 * Why a hub operation failed. The UI/CLI branch on this (retry a network error, ask for a
 * token on `gated`, tell the user the file was discarded on `checksum`), so it is finer than
 * the API error code.
 */
export type HubErrorReason =
  | 'invalid_repo'
  | 'not_found'
  | 'gated'
  | 'network'
  | 'http'
  | 'bad_response'
  | 'checksum'
  | 'cancelled';

const apiCode: Record<HubErrorReason, ApiErrorCode> = {
  invalid_repo: 'bad_input',
  not_found: 'not_found',
  gated: 'unavailable',
  network: 'unavailable',
  http: 'unavailable',
  bad_response: 'unavailable',
  checksum: 'unavailable',
  cancelled: 'cancelled',
};

/** A StudioError, so handlers can let it cross the API boundary unchanged. */
export class HubError extends StudioError {
  constructor(
    readonly reason: HubErrorReason,
    message: string,
    readonly status?: number,
  ) {
    super(apiCode[reason], message);
    this.name = 'HubError';
  }
}

export function isAbortError(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/** fetch() hides the socket-level reason in `cause`; surface it so "ECONNREFUSED" reaches the user. */
export function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code ? `${cause.message} (${code})` : cause.message;
  }
  return err.message;
}
