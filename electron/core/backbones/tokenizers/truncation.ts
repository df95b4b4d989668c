import type { TruncationStrategy } from './types';

/**
 * How many tokens each sequence keeps so that a + b fits `budget` (special tokens already
 * subtracted), following the tokenizers library's rules: for longest_first the shorter
 * sequence is kept whole when it fits in half the budget, otherwise both get half, the odd
 * token going to the longer one.
 */
export function truncatedLengths(
  lenA: number,
  lenB: number | null,
  budget: number,
  strategy: TruncationStrategy,
): [number, number] {
  const b = lenB ?? 0;
  if (budget <= 0) return [0, 0];
  if (lenA + b <= budget) return [lenA, b];
  const excess = lenA + b - budget;
  if (lenB === null) {
    if (strategy === 'only_second') throw new Error('Truncation only_second needs a text pair.');
    return [budget, 0];
  }
  if (strategy === 'only_first' || strategy === 'only_second') {
    const first = strategy === 'only_first';
    const target = first ? lenA : b;
    if (target <= excess) {
      throw new Error(`Truncation ${strategy}: that sequence (${target} tokens) is too short to remove ${excess} tokens.`);
    }
    return first ? [lenA - excess, b] : [lenA, b - excess];
  }
  const swapped = lenA > b;
  let short = swapped ? b : lenA;
  let long = short > budget ? short : Math.max(short, budget - short);
  if (short + long > budget) {
    short = Math.floor(budget / 2);
    long = short + (budget % 2);
  }
  return swapped ? [long, short] : [short, long];
}
