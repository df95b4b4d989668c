import { useCallback, useState } from 'react';
import type { BackboneDownload } from '../../../shared/domain/backbone';
import { useCall, useEvent } from '../api/hooks';
import { studio } from '../api/studio';

/** Installed backbones, the catalog and live downloads, kept current by the core's events. */
export function useBackbones() {
  const installed = useCall('backbones.list', {});
  const catalog = useCall('backbones.catalog', {});
  // Downloads by repo: the live state the progress events carry (newer than the catalog's snapshot).
  const [live, setLive] = useState<Record<string, BackboneDownload>>({});
  const track = useCallback((d: BackboneDownload) => setLive((m) => ({ ...m, [d.repo.toLowerCase()]: d })), []);
  useEvent('backbones.progress', track);
  useEvent('backbones.finished', (d) => {
    track(d);
    catalog.reload();
  });
  useEvent('backbones.changed', () => {
    installed.reload();
    catalog.reload();
  });
  const downloadOf = (repo: string, fallback: BackboneDownload | null) => live[repo.toLowerCase()] ?? fallback;
  const install = async (repo: string) => track(await studio().call('backbones.install', { repo }));
  const cancel = (downloadId: string) => studio().call('backbones.cancel', { downloadId });
  return { installed, catalog, downloadOf, install, cancel };
}
