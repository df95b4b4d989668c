import { useEffect, useState } from 'react';

/** Hash routes (#/train, #/experiments/12) work the same from file:// in Electron and from the server. */
export function useRoute(): { page: string; rest: string[] } {
  const parse = () => {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
    return { page: parts[0] ?? '', rest: parts.slice(1) };
  };
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const on = () => setRoute(parse());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(path: string): void {
  location.hash = `#/${path.replace(/^\//, '')}`;
}
