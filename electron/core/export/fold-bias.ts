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
