import { describe, expect, it } from 'vitest';
import { HubError } from '../../electron/core/hub';
import { downloadRepo } from '../../electron/core/hub/download-repo';
import { validateRevision } from '../../electron/core/hub/endpoint';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();

describe('hub revisions (they become files under the cache refs/ folder)', () => {
  it('accepts branches, tags, PR refs and commits; refuses anything that climbs out', () => {
    for (const ok of ['main', 'v1.0', 'refs/pr/1', 'a'.repeat(40)]) expect(() => validateRevision(ok)).not.toThrow();
    for (const bad of ['../../../../tmp/x', 'main/../../x', '/etc/passwd', 'a\\..\\b', '', 'refs//x', 'C:x']) expect(() => validateRevision(bad), bad).toThrow(HubError);
  });

  it('downloadRepo refuses a climbing revision before it asks the hub anything', async () => {
    // Port 9 (discard) on loopback: a request would fail as a network error, not as invalid_repo.
    await expect(downloadRepo({ repo: 'org/model', revision: '../../../x', cacheDir: tmp(), endpoint: 'http://127.0.0.1:9' })).rejects.toMatchObject({
      reason: 'invalid_repo',
    });
  });
});
