/** Feature-space helpers shared by the rankings: standardisation and squared distances. */

/** Z-scores every dimension over all items (labeled and not: it is unsupervised), so no single unit dominates the probe or the distances. */
export function standardize(rows: readonly ArrayLike<number>[]): Float64Array[] {
  if (rows.length === 0) return [];
  const dim = rows[0]!.length;
  for (const r of rows) if (r.length !== dim) throw new Error(`features of mixed widths (${dim} and ${r.length})`);
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (const r of rows) for (let d = 0; d < dim; d++) mean[d]! += r[d]!;
  for (let d = 0; d < dim; d++) mean[d]! /= rows.length;
  for (const r of rows)
    for (let d = 0; d < dim; d++) {
      const v = r[d]! - mean[d]!;
      sq[d]! += v * v;
    }
  const scale = new Float64Array(dim);
  // A constant dimension (dead unit) carries no information: it is zeroed, not divided by 0.
  for (let d = 0; d < dim; d++) {
    const sd = Math.sqrt(sq[d]! / rows.length);
    scale[d] = sd > 1e-8 ? 1 / sd : 0;
  }
  return rows.map((r) => {
    const out = new Float64Array(dim);
    for (let d = 0; d < dim; d++) out[d] = (r[d]! - mean[d]!) * scale[d]!;
    return out;
  });
}

export function sqDist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) {
    const v = a[d]! - b[d]!;
    s += v * v;
  }
  return s;
}

export function centroid(rows: readonly ArrayLike<number>[]): Float64Array {
  const c = new Float64Array(rows[0]!.length);
  for (const r of rows) for (let d = 0; d < c.length; d++) c[d]! += r[d]!;
  for (let d = 0; d < c.length; d++) c[d]! /= rows.length;
  return c;
}
