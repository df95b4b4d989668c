import { extname, join, relative, resolve, sep } from 'node:path';

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

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Module scripts and wasm are refused without the right type, so it is set rather than guessed. */
export function contentTypeOf(file: string): string {
  return types[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
