/**
 * Moves a linear classifier's bias into its weight when its input is a LayerNorm's output, exactly.
 *
 * h = γ ⊙ n + β with n = (x − mean x)/√(var x + ε), so Σⱼ nⱼ = 0 for every input, hence
 * Σⱼ hⱼ/γⱼ = Σⱼ βⱼ/γⱼ =: K, the same for every input. Then W h + b = (W + b uᵀ/K) h with uⱼ = 1/γⱼ.
 * GPT-2's features are ln_f's output and GPT2ForSequenceClassification's `score` has no bias: this
 * lets a run's head, trained with the usual bias, export to that class with the same logits.
 */
export function foldBiasThroughLayerNorm(
  weight: Float32Array,
  bias: Float32Array,
  k: number,
  d: number,
  gamma: Float32Array,
  beta: Float32Array,
): { ok: true; weight: Float32Array } | { ok: false; reason: string } {
  if (bias.every((v) => v === 0)) return { ok: true, weight };
  if (gamma.length !== d || beta.length !== d) return { ok: false, reason: `the LayerNorm has ${gamma.length} weights for ${d} features` };
  let K = 0;
  let scale = 0;
  for (let j = 0; j < d; j++) {
    if (gamma[j] === 0) return { ok: false, reason: `LayerNorm weight ${j} is 0` };
    K += beta[j]! / gamma[j]!;
    scale += Math.abs(beta[j]! / gamma[j]!) + 1 / Math.abs(gamma[j]!);
  }
  // K near zero relative to its terms would turn rounding into large weights.
  if (!(Math.abs(K) > 1e-3 * scale)) return { ok: false, reason: `the LayerNorm's offset sum ${K.toExponential(2)} is too close to 0` };
  const out = new Float32Array(k * d);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) out[c * d + j] = weight[c * d + j]! + bias[c]! / (gamma[j]! * K);
  }
  return { ok: true, weight: out };
}

/**
 * The other exact way to carry the bias when the fold above cannot (K ≈ 0, as in a LayerNorm whose offsets
 * sum to nothing): move ln_f's offset. W (h + δ) = W h + b for δ = Wᵀ y with W Wᵀ y = b. A probe's W is
 * rank k − 1 (softmax's L2 optimum has rows summing to 0, and its bias then sums to 0 too), so the k × k
 * system is solved by elimination that leaves out the null direction, and the result is checked.
 * In GPT2ForSequenceClassification ln_f feeds only `score`, so the exported model gives the run's logits;
 * its ln_f.bias then differs from the backbone's by δ.
 */
export function shiftLayerNormOffset(
  weight: Float32Array,
  bias: Float32Array,
  k: number,
  d: number,
  beta: Float32Array,
): { ok: true; beta: Float32Array } | { ok: false; reason: string } {
  // [W Wᵀ | b], k × (k + 1), in float64.
  const a = Array.from({ length: k }, (_, r) => {
    const row = new Float64Array(k + 1);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += weight[r * d + j]! * weight[c * d + j]!;
      row[c] = s;
    }
    row[k] = bias[r]!;
    return row;
  });
  const trace = a.reduce((s, row, i) => s + row[i]!, 0);
  const pivots: number[] = [];
  for (let col = 0, r = 0; col < k && r < k; col++) {
    let p = r;
    for (let i = r + 1; i < k; i++) if (Math.abs(a[i]![col]!) > Math.abs(a[p]![col]!)) p = i;
    // A pivot this small is the null direction (or rounding of it): that component of y stays 0.
    if (!(Math.abs(a[p]![col]!) > 1e-7 * trace)) continue;
    [a[r], a[p]] = [a[p]!, a[r]!];
    const piv = a[r]![col]!;
    for (let c = col; c <= k; c++) a[r]![c] /= piv;
    for (let i = 0; i < k; i++) {
      const f = a[i]![col]!;
      if (i !== r && f !== 0) for (let c = col; c <= k; c++) a[i]![c] -= f * a[r]![c]!;
    }
    pivots[r++] = col;
  }
  const y = new Float64Array(k);
  pivots.forEach((col, r) => (y[col] = a[r]![k]!));
  const delta = new Float32Array(d);
  for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) delta[j] += weight[c * d + j]! * y[c]!;
  // W δ must give b back (as stored, in float32): a bias outside W's row space cannot be carried this way.
  let worst = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += weight[c * d + j]! * delta[j]!;
    worst = Math.max(worst, Math.abs(s - bias[c]!));
  }
  const bMax = bias.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (!(worst <= 1e-5 * (1 + bMax))) return { ok: false, reason: `the bias is not in the span of the classifier's rows (off by ${worst.toExponential(2)})` };
  return { ok: true, beta: Float32Array.from(beta, (v, j) => v + delta[j]!) };
}
