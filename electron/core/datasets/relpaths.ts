/**
 * Browser folder uploads and zips name files by relative path, usually inside one wrapping folder
 * (`flowers/rose/a.jpg`). That folder plays the role of the folder chosen for import, so it is
 * dropped; then, as for a folder, the first remaining segment is the class.
 */
export function labelsFromRelativePaths(paths: readonly string[]): Array<{ label: string | null; segments: string[] }> {
  const split = paths.map((p) => p.split(/[/\\]+/).filter((s) => s !== '' && s !== '.'));
  const first = split[0]?.[0];
  const wrapped = first !== undefined && split.every((s) => s.length >= 2 && s[0] === first);
  return split.map((segs) => {
    const inner = wrapped ? segs.slice(1) : segs;
    return { label: inner.length >= 2 ? inner[0]! : null, segments: inner };
  });
}
