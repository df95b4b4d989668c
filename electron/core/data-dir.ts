import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** --data-dir, else STUDIO_DATA_DIR, else the OS's per-user app-data folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (flag) return resolve(flag);
  if (env.STUDIO_DATA_DIR) return resolve(env.STUDIO_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Transfer Studio');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Transfer Studio');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'transfer-studio');
}
