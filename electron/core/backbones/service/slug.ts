/**
 * A stable id from a hub repo id or a folder name: lower case, [a-z0-9._-], the org kept
 * ('timm/resnet50.a1_in1k' → 'timm--resnet50.a1_in1k') so two orgs' models never collide.
 */
export function backboneSlug(repoOrFolder: string): string {
  const s = repoOrFolder
    .trim()
    .toLowerCase()
    .replace(/\//g, '--')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 120);
  return s || 'backbone';
}

/** Hub snapshots live in folders named by commit sha; the repo folder above says what they are. */
export function folderSlugSource(dir: string): string {
  const parts = dir.split(/[/\\]/).filter(Boolean);
  const last = parts[parts.length - 1] ?? 'backbone';
  const repoDir = parts[parts.length - 3];
  if (/^[0-9a-f]{40}$/.test(last) && parts[parts.length - 2] === 'snapshots' && repoDir?.startsWith('models--')) {
    return repoDir.slice('models--'.length).split('--').join('/');
  }
  return last;
}
