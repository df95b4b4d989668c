import { join, relative, resolve, sep } from 'node:path';
import { contentTypeFor } from '../core/server/static';

/**
 * The packaged renderer is served from `studio-app://renderer/…` rather than file://: a file://
 * page may read any file:// URL and shares one opaque origin with every other local file, while a
 * privileged standard scheme gives the window an origin of its own that the IPC guard and the CSP
 * can name, and serves only the renderer folder.
 */
export const appScheme = 'studio-app';
export const appHost = 'renderer';
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

/** The file under rendererDir a studio-app: URL names, or null for anything else (other hosts, climbing out). */
export function resolveAppAsset(rendererDir: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${appScheme}:` || u.host !== appHost) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = resolve(join(root, path === '/' ? 'index.html' : path));
  const rel = relative(root, file);
  if (!rel || rel.startsWith('..') || rel.split(sep).includes('..')) return null;
  return file;
}

export function contentTypeOf(file: string): string {
  // The same table browser mode serves the renderer with.
  return contentTypeFor(file);
}
