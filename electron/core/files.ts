/**
 * Files the renderer may load by URL (thumbnails, item images). Each kind maps an id to a path
 * inside the data dir; transports turn `/files/<kind>/<id>` (browser) or `studio-file://` (Electron)
 * into a lookup here, so neither can be talked into reading an arbitrary path.
 */
export type FileResolver = (id: string) => { path: string; contentType: string } | undefined;

export class FileRegistry {
  private readonly kinds = new Map<string, FileResolver>();

  register(kind: string, resolver: FileResolver): void {
    this.kinds.set(kind, resolver);
  }

  resolve(kind: string, id: string): { path: string; contentType: string } | undefined {
    if (!/^[a-z0-9-]+$/.test(kind) || !/^[A-Za-z0-9._-]+$/.test(id) || id.includes('..')) return undefined;
    return this.kinds.get(kind)?.(id);
  }
}
