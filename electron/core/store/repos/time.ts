/** Timestamps are stored as ISO-8601 UTC text so they sort and read the same everywhere. */
export function nowIso(): string {
  return new Date().toISOString();
}
