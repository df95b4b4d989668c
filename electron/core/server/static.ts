import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return types[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export function sendFile(res: ServerResponse, path: string, contentType = contentTypeFor(path), cache = 'no-cache'): boolean {
  try {
    const st = statSync(path);
    if (!st.isFile()) return false;
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': st.size, 'Cache-Control': cache });
    // A file removed or unreadable between stat and read ends this response, not the process.
    createReadStream(path)
      .on('error', () => res.destroy())
      .pipe(res);
    return true;
  } catch {
    return false;
  }
}

/** Serves the built renderer; unknown paths fall back to index.html (client-side routes). `pathname` is already decoded. */
export function serveStatic(res: ServerResponse, root: string, pathname: string): void {
  const rel = normalize(pathname).replace(/^([/\\])+/, '');
  const full = join(root, rel);
  if (!full.startsWith(root + sep) && full !== root) {
    res.writeHead(403, { Connection: 'close' }).end('Forbidden');
    return;
  }
  if (rel && sendFile(res, full, contentTypeFor(full), rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')) return;
  if (!sendFile(res, join(root, 'index.html'))) {
    res.writeHead(503, { 'Content-Type': 'text/plain' }).end('The renderer is not built. Run `npm run build` first.');
  }
}
