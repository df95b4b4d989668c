import { InvalidArgumentError } from 'commander';

/** Reads a flag that must be a whole number (≥ min), with the one-line reason scripts rely on. */
export function wholeNumber(flag: string, min: number, what = min > 0 ? 'a positive whole number' : 'a whole number'): (v: string) => number {
  return (v) => {
    const n = v.trim() === '' ? NaN : Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${flag} must be ${what}, got "${v}".`);
    return n;
  };
}

/** `--run ID`: a run id as `studio runs` lists them. */
export const runIdArg = (v: string): number => wholeNumber('--run', 1, 'a run id (a positive whole number)')(v);

/** Appends each repeat of a flag that may be given several times (`--read-dir A --read-dir B`). */
export const collect = (v: string, previous: string[] = []): string[] => [...previous, v];
