import { createRoot } from 'react-dom/client';
import type { StudioBridge } from '../../shared/api/bridge';
import { createBridgeClient } from './api/bridge-client';
import { createWsClient } from './api/ws-client';
import { App } from './App';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    studioBridge?: StudioBridge;
  }
}

if (window.studioBridge) {
  // Electron: the preload's plain-data bridge, wrapped so errors are StudioErrors as in browser mode.
  window.studio = createBridgeClient(window.studioBridge);
} else if (!window.studio) {
  // Browser mode: we bring our own transport.
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  window.studio = createWsClient(`${proto}//${location.host}/api`);
  // The token has become an HttpOnly cookie; keep it out of the address bar and history.
  const url = new URL(location.href);
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
}

createRoot(document.getElementById('root')!).render(<App />);
