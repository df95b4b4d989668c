import { describeNetworkError, HubError, isAbortError } from './errors';

/** What a request is for, so every error names the repo (and file) the user asked for. */
export interface HubTarget {
  repo: string;
  revision: string;
  file?: string;
}

export function describeTarget(t: HubTarget): string {
  return t.file ? `"${t.file}" from ${t.repo}@${t.revision}` : `${t.repo}@${t.revision}`;
}

export function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** fetch() with its failures turned into HubErrors: network → `network`, abort → `cancelled`. */
export async function hubFetch(url: string, init: RequestInit, target: HubTarget, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal });
  } catch (err) {
    if (isAbortError(err, signal)) throw new HubError('cancelled', `Download of ${describeTarget(target)} was cancelled.`);
    throw new HubError('network', `Could not reach the hub for ${describeTarget(target)} (${url}): ${describeNetworkError(err)}.`);
  }
}

/**
 * The hub answers 401 (not 404) for missing repos when no token is sent, so it can't be told
 * from a private one; X-Error-Code says which case it is when present.
 */
export function errorForStatus(res: Response, target: HubTarget, url: string): HubError {
  const code = res.headers.get('x-error-code') ?? '';
  const what = describeTarget(target);
  const status = res.status;
  if (code === 'GatedRepo') {
    return new HubError('gated', `${target.repo} is gated: accept its licence on the hub and set HF_TOKEN to download ${what} (HTTP ${status}).`, status);
  }
  if (code === 'RepoNotFound' || code === 'RepositoryNotFound') {
    return new HubError('not_found', `Repo ${target.repo} was not found on the hub (or it is private and needs HF_TOKEN) (HTTP ${status}, ${url}).`, status);
  }
  if (code === 'RevisionNotFound') {
    return new HubError('not_found', `Revision "${target.revision}" of ${target.repo} was not found (HTTP ${status}).`, status);
  }
  if (code === 'EntryNotFound' || (status === 404 && target.file)) {
    return new HubError('not_found', `File "${target.file}" was not found in ${target.repo}@${target.revision} (HTTP ${status}, ${url}).`, status);
  }
  if (status === 404) {
    return new HubError('not_found', `Repo ${target.repo} (revision "${target.revision}") was not found on the hub (HTTP 404, ${url}).`, status);
  }
  if (status === 401 || status === 403) {
    return new HubError('gated', `Access to ${what} was refused (HTTP ${status}): the repo is gated or private; accept its terms on the hub and set HF_TOKEN.`, status);
  }
  return new HubError('http', `The hub answered HTTP ${status} ${res.statusText} for ${what} (${url}).`, status);
}
