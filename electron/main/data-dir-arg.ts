/**
 * The app takes the CLI's --data-dir (`Transfer Studio --data-dir DIR`) and then resolves the
 * folder exactly as the CLI does (electron/core/data-dir.ts), so the app and `studio runs` see the
 * same runs on every OS.
 */
export function dataDirArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir' && argv[i + 1]) return argv[i + 1];
    if (a.startsWith('--data-dir=')) return a.slice('--data-dir='.length) || undefined;
  }
  return undefined;
}
