import { HubError } from './errors';
import { modelInfoUrl, validateRepoFilePath } from './endpoint';
import { authHeaders, errorForStatus, hubFetch, type HubTarget } from './http';

/** One file of a repo as the hub lists it; size/lfs/blobId only come with `?blobs=true`. */
export interface HubSibling {
  rfilename: string;
  size?: number;
  blobId?: string;
  lfs?: { sha256: string; size: number };
}

export interface HubRepoInfo {
  /** The commit the revision resolved to. */
  sha: string;
  siblings: HubSibling[];
}

/** GET {endpoint}/api/models/{repo}/revision/{rev}: the commit sha and the file list. */
export async function fetchRepoInfo(opts: { endpoint: string; repo: string; revision: string; token?: string; signal?: AbortSignal }): Promise<HubRepoInfo> {
  const target: HubTarget = { repo: opts.repo, revision: opts.revision };
  const url = modelInfoUrl(opts.endpoint, opts.repo, opts.revision);
  const res = await hubFetch(url, { headers: { Accept: 'application/json', ...authHeaders(opts.token) } }, target, opts.signal);
  if (!res.ok) throw errorForStatus(res, target, url);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new HubError('bad_response', `The hub's file list for ${opts.repo}@${opts.revision} is not JSON (${url}).`);
  }
  return parseRepoInfo(body, opts.repo, opts.revision);
}

export function parseRepoInfo(body: unknown, repo: string, revision: string): HubRepoInfo {
  const bad = (why: string) => new HubError('bad_response', `Unexpected file list for ${repo}@${revision}: ${why}.`);
  if (typeof body !== 'object' || body === null) throw bad('not an object');
  const { sha, siblings } = body as { sha?: unknown; siblings?: unknown };
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/i.test(sha)) throw bad('no commit "sha"');
  if (!Array.isArray(siblings)) throw bad('no "siblings" array');
  const out: HubSibling[] = [];
  for (const s of siblings as unknown[]) {
    if (typeof s !== 'object' || s === null || typeof (s as HubSibling).rfilename !== 'string') throw bad('a sibling without "rfilename"');
    const raw = s as Record<string, unknown>;
    const rfilename = raw.rfilename as string;
    validateRepoFilePath(repo, rfilename);
    const sib: HubSibling = { rfilename };
    if (typeof raw.size === 'number') sib.size = raw.size;
    if (typeof raw.blobId === 'string') sib.blobId = raw.blobId;
    const lfs = raw.lfs as Record<string, unknown> | undefined;
    if (lfs && typeof lfs.sha256 === 'string' && typeof lfs.size === 'number') sib.lfs = { sha256: lfs.sha256.toLowerCase(), size: lfs.size };
    out.push(sib);
  }
  return { sha: sha.toLowerCase(), siblings: out };
}
