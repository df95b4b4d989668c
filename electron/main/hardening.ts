import { app, session, shell, type WebContents } from 'electron';
import { permissionAllowed } from './permissions';
import { contentSecurityPolicy } from '../../shared/csp';

/**
 * Electron's security checklist, applied to every web contents the app ever creates (not only the
 * main window): no new windows (https links open in the system browser), no navigation away from
 * the renderer, no <webview>, and no permission the studio does not use.
 */
export function hardenWebContents(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionAllowed(permission, 'mediaTypes' in details ? (details.mediaTypes ?? []) : [])),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, _origin, details) => permissionAllowed(permission, details.mediaType ? [details.mediaType] : []));
  session.defaultSession.setDevicePermissionHandler(() => false);
  // The dev server's pages get the same policy as the built app's (shared/csp.ts).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } }),
  );
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https:/.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    // The renderer routes with the URL hash, which does not navigate; anything that would is refused.
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
}
