/** What onProgress receives: the current file and the whole download, with a smoothed rate. */
export interface DownloadProgress {
  repo: string;
  /** The file being downloaded (path inside the repo). */
  file: string;
  fileBytes: number;
  /** null when the server did not say how big the file is. */
  fileTotal: number | null;
  /** Bytes in place across all requested files (cached and resumed bytes count). */
  bytes: number;
  total: number | null;
  filesDone: number;
  filesTotal: number;
  /** Network bytes per second over the last few seconds. */
  bytesPerSecond: number;
  /** The current file is complete (downloaded and verified, or already cached). */
  fileDone: boolean;
}

/** Sliding-window rate so a stall shows up as a falling number within seconds, not a lifetime average. */
export class RateMeter {
  private samples: { t: number; bytes: number }[] = [];
  private totalBytes = 0;

  constructor(
    private readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(bytes: number): void {
    this.totalBytes += bytes;
    const t = this.now();
    this.samples.push({ t, bytes: this.totalBytes });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
  }

  bytesPerSecond(): number {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const dt = (this.now() - first.t) / 1000;
    return dt > 0 ? (last.bytes - first.bytes) / dt : 0;
  }
}
