import { createRoot } from 'react-dom/client';
import { createWsClient } from './api/ws-client';
import { App } from './App';

// Electron's preload has already set window.studio; in browser mode we bring our own transport.
if (!window.studio) {
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
