import { describe, expect, it } from 'vitest';
import { foldBiasThroughLayerNorm, shiftLayerNormOffset } from '../../electron/core/export/fold-bias';
import { mulberry32 } from '../../electron/core/training/engine/rng';

// A bias-free classifier (GPT2ForSequenceClassification's score) must give W·ln(x) + b for every x: both ways
// of carrying b are checked on LayerNorm outputs of random inputs, in float64, against the biased head.
const k = 3;
const d = 16;
const rand = mulberry32(7);
const draw = (n: number, scale = 1, offset = 0) => Float32Array.from({ length: n }, () => offset + scale * (2 * rand() - 1));

function layerNorm(x: Float32Array, gamma: Float32Array, beta: Float32Array): Float64Array {
  const mean = x.reduce((a, v) => a + v, 0) / d;
  const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / d;
  return Float64Array.from(x, (v, j) => gamma[j]! * ((v - mean) / Math.sqrt(variance + 1e-5)) + beta[j]!);
}
const logits = (w: Float32Array, h: Float64Array, b?: Float32Array) =>
  Array.from({ length: k }, (_, c) => h.reduce((s, v, j) => s + w[c * d + j]! * v, b ? b[c]! : 0));

function expectSameLogits(carry: (x: Float32Array) => number[], ref: (x: Float32Array) => number[]) {
  for (let t = 0; t < 20; t++) {
    const x = draw(d, 3);
    const got = carry(x);
    ref(x).forEach((v, c) => expect(Math.abs(got[c]! - v)).toBeLessThan(1e-4));
  }
}

describe('carrying a classifier bias into GPT-2 exports', () => {
  const weight = draw(k * d, 0.5);
  const bias = Float32Array.from([0.7, -1.3, 0.4]);
  const gamma = draw(d, 0.3, 1);

  it('folds it into the weight when the LayerNorm offsets sum away from 0', () => {
    const beta = draw(d, 0.1, 0.05);
    const folded = foldBiasThroughLayerNorm(weight, bias, k, d, gamma, beta);
    expect(folded.ok).toBe(true);
    if (!folded.ok) return;
    expectSameLogits((x) => logits(folded.weight, layerNorm(x, gamma, beta)), (x) => logits(weight, layerNorm(x, gamma, beta), bias));
  });

  it('when they sum to ~0 the fold refuses, and moving ln_f\'s offset carries the bias exactly', () => {
    const beta = draw(d, 0.1);
    const sum = beta.reduce((s, v, j) => s + v / gamma[j]!, 0);
    beta[0] -= sum * gamma[0]!; // Σ β/γ = 0
    const folded = foldBiasThroughLayerNorm(weight, bias, k, d, gamma, beta);
    expect(folded.ok).toBe(false);
    const shifted = shiftLayerNormOffset(weight, bias, k, d, beta);
    expect(shifted.ok).toBe(true);
    if (!shifted.ok) return;
    expectSameLogits((x) => logits(weight, layerNorm(x, gamma, shifted.beta)), (x) => logits(weight, layerNorm(x, gamma, beta), bias));
  });

  it("carries a probe's head, whose rows and bias sum to 0 (softmax's L2 optimum), and refuses a bias outside the rows' span", () => {
    const centred = Float32Array.from(weight);
    const centredBias = Float32Array.from(bias, (v) => v - bias.reduce((s, b) => s + b, 0) / k);
    for (let j = 0; j < d; j++) {
      const mean = (weight[j]! + weight[d + j]! + weight[2 * d + j]!) / k;
      for (let c = 0; c < k; c++) centred[c * d + j] -= mean;
    }
    const beta = draw(d, 0.1);
    const shifted = shiftLayerNormOffset(centred, centredBias, k, d, beta);
    expect(shifted.ok).toBe(true);
    if (shifted.ok) expectSameLogits((x) => logits(centred, layerNorm(x, gamma, shifted.beta)), (x) => logits(centred, layerNorm(x, gamma, beta), centredBias));
    const refused = shiftLayerNormOffset(centred, bias, k, d, beta);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/^the bias is not in the span of the classifier's rows \(off by /);
  });
});
