import { HubError } from './errors';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/** HF_ENDPOINT, as huggingface_hub reads it, so mirrors and the test server work the same way. */
export function resolveHubEndpoint(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const raw = explicit || env.HF_ENDPOINT || DEFAULT_HUB_ENDPOINT;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HubError('invalid_repo', `Hub endpoint "${raw}" is not a valid URL (check HF_ENDPOINT).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HubError('invalid_repo', `Hub endpoint "${raw}" must be an http(s) URL (check HF_ENDPOINT).`);
  }
  return raw.replace(/\/+$/, '');
}

/** HF_TOKEN (or the older HUGGING_FACE_HUB_TOKEN) unlocks gated and private repos. */
export function resolveHubToken(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return explicit || env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN || undefined;
}

const repoPart = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Repo ids become folder names in the cache, so anything path-like is refused here. */
export function validateRepoId(repo: string): void {
  const parts = repo.split('/');
  const ok = parts.length >= 1 && parts.length <= 2 && parts.every((p) => repoPart.test(p) && !p.includes('..'));
  if (!ok) {
    throw new HubError('invalid_repo', `"${repo}" is not a Hugging Face repo id (expected "org/name", e.g. "timm/resnet50.a1_in1k").`);
  }
}

/**
 * File names come from the server's listing and end up as paths under the snapshot folder:
 * refuse absolute paths and `..` so a hostile listing cannot write outside the cache.
 */
export function validateRepoFilePath(repo: string, file: string): void {
  const parts = file.split('/');
  const bad = file.length === 0 || file.includes('\\') || file.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..');
  if (bad) throw new HubError('bad_response', `Refusing file "${file}" listed by ${repo}: not a safe relative path.`);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function modelInfoUrl(endpoint: string, repo: string, revision: string): string {
  // blobs=true adds size, blobId and lfs {sha256, size} to each sibling: what verification needs.
  return `${endpoint}/api/models/${encodePath(repo)}/revision/${encodeURIComponent(revision)}?blobs=true`;
}

export function resolveUrl(endpoint: string, repo: string, revision: string, file: string): string {
  return `${endpoint}/${encodePath(repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(file)}`;
}

/**
 * A revision (branch, tag, commit, "refs/pr/1") becomes a file under the cache's refs/ folder,
 * so a `..` segment, a backslash or an absolute form would write outside it.
 */
export function validateRevision(revision: string): void {
  const parts = revision.split('/');
  const ok = parts.every((p) => p !== '' && p !== '.' && p !== '..' && !/[\\\0:]/.test(p));
  if (!ok) throw new HubError('invalid_repo', `"${revision}" is not a revision (expected a branch, tag or commit, e.g. "main").`);
}
