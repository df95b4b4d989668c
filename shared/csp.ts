/**
 * The renderer's Content-Security-Policy, in one place: browser mode sends it as a header
 * (electron/core/server/request-handler.ts), and so does the Electron app, for its own scheme
 * (electron/main/index.ts) and the dev server (electron/main/hardening.ts). `studio-file:` serves
 * thumbnails and item images in the app; wasm may compile (tfjs's wasm backend in the renderer's
 * previews); nothing may frame the studio.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: studio-file:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
