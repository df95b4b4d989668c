/**
 * better-sqlite3 is a V8-ABI (not N-API) module: the build in node_modules is for Node and the
 * Electron app needs one for Electron's ABI (scripts/electron-native.mjs builds it aside; the app
 * names it in STUDIO_SQLITE_BINDING). This picks the one to hand to better-sqlite3's `nativeBinding`
 * option: the Electron build when running under Electron, else none (node_modules' own lookup).
 */
export function sqliteNativeBinding(env: NodeJS.ProcessEnv = process.env, versions: Partial<NodeJS.ProcessVersions> = process.versions): string | undefined {
  if (!versions.electron) return undefined;
  return env.STUDIO_SQLITE_BINDING || undefined;
}
