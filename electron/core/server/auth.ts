import type { IncomingMessage } from 'node:http';
import { cookieToken, tokenMatches } from './token';

export type AuthResult = { ok: true; via: 'query' | 'cookie' } | { ok: false; status: 401 | 403; reason: string };

/**
 * Jupyter-style: the printed URL carries the token; the first page load turns it into an
 * HttpOnly cookie so assets, thumbnails and the WebSocket are authorised without it in every URL.
 * A browser always sends Origin on a WebSocket upgrade; a page from another site gets 403.
 */
export function authorize(req: IncomingMessage, token: string, url: URL, opts: { checkOrigin: boolean; scheme?: 'http' | 'https' }): AuthResult {
  if (opts.checkOrigin) {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `${opts.scheme ?? 'http'}://${req.headers.host ?? ''}`) {
      return { ok: false, status: 403, reason: `Origin ${origin} is not allowed.` };
    }
  }
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) {
    return tokenMatches(token, fromQuery) ? { ok: true, via: 'query' } : { ok: false, status: 403, reason: 'Wrong access token.' };
  }
  const fromCookie = cookieToken(req.headers.cookie);
  if (fromCookie !== undefined) {
    return tokenMatches(token, fromCookie) ? { ok: true, via: 'cookie' } : { ok: false, status: 403, reason: 'Wrong access token.' };
  }
  return { ok: false, status: 401, reason: 'Access token required: open the URL that `studio serve` printed.' };
}
