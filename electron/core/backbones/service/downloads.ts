import { randomUUID } from 'node:crypto';
import type { BackboneDownload } from '../../../../shared/domain/backbone';
import { StudioError } from '../../../../shared/api/errors';
import type { CoreContext } from '../../context';
import { backboneFileSelection, defaultHubCacheDir, downloadRepo, findCatalogEntry, HubError, validateRepoId, type DownloadProgress } from '../../hub';
import { addFolder } from './registry';

interface Job {
  d: BackboneDownload;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Hub downloads of this core session. Each runs in the background, reports `backbones.progress`,
 * and on success validates and registers the snapshot folder; `backbones.finished` says how it ended.
 */
export class BackboneDownloads {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly ctx: CoreContext,
    /** Where snapshots go; default `<dataDir>/hub`. */
    readonly cacheDir = defaultHubCacheDir(ctx.dataDir),
  ) {}

  start(keyOrRepo: string, revision?: string): BackboneDownload {
    const entry = findCatalogEntry(keyOrRepo);
    const repo = entry?.repo ?? keyOrRepo.trim();
    validateRepoId(repo);
    const running = this.running().find((j) => j.d.repo.toLowerCase() === repo.toLowerCase());
    if (running) return { ...running.d };
    const d: BackboneDownload = {
      downloadId: randomUUID(),
      repo,
      key: entry?.key ?? null,
      state: 'downloading',
      file: '',
      bytes: 0,
      total: entry?.downloadBytes ?? null,
      filesDone: 0,
      filesTotal: 0,
      rate: 0,
      startedAt: new Date().toISOString(),
      backboneId: null,
      error: null,
    };
    const controller = new AbortController();
    const job: Job = { d, controller, done: Promise.resolve() };
    this.jobs.set(d.downloadId, job);
    job.done = this.run(job, revision ?? entry?.revision);
    return { ...d };
  }

  cancel(downloadId: string): boolean {
    const job = this.jobs.get(downloadId);
    if (!job || (job.d.state !== 'downloading' && job.d.state !== 'registering')) return false;
    job.controller.abort();
    return true;
  }

  get(downloadId: string): BackboneDownload | undefined {
    const job = this.jobs.get(downloadId);
    return job ? { ...job.d } : undefined;
  }

  /** Resolves when the download has ended, however it ended. */
  async wait(downloadId: string): Promise<BackboneDownload> {
    const job = this.jobs.get(downloadId);
    if (!job) throw new StudioError('not_found', `No download ${downloadId} in this session.`);
    await job.done;
    return { ...job.d };
  }

  list(): BackboneDownload[] {
    return [...this.jobs.values()].map((j) => ({ ...j.d })).reverse();
  }

  /** The newest download of a repo in this session. */
  latestFor(repo: string): BackboneDownload | undefined {
    return this.list().find((d) => d.repo.toLowerCase() === repo.toLowerCase());
  }

  async cancelAll(): Promise<void> {
    const running = this.running();
    for (const j of running) j.controller.abort();
    await Promise.all(running.map((j) => j.done));
  }

  private running(): Job[] {
    return [...this.jobs.values()].filter((j) => j.d.state === 'downloading' || j.d.state === 'registering');
  }

  private async run(job: Job, revision: string | undefined): Promise<void> {
    const { d, controller } = job;
    const sel = backboneFileSelection(d.repo);
    // The model card carries the licence of repos the catalog does not know.
    const optionalFiles = [...new Set([...sel.optionalFiles, 'README.md'])];
    try {
      const result = await downloadRepo({
        repo: d.repo,
        revision,
        files: sel.files,
        optionalFiles,
        cacheDir: this.cacheDir,
        signal: controller.signal,
        onProgress: (p) => this.progress(d, p),
      });
      if (controller.signal.aborted) throw new HubError('cancelled', 'Download cancelled.');
      d.state = 'registering';
      this.ctx.events.emit('backbones.progress', { ...d });
      const b = await addFolder(this.ctx.db, result.dir, { source: d.repo });
      d.backboneId = b.id;
      d.state = 'completed';
      this.ctx.events.emit('backbones.changed', { id: b.id });
    } catch (err) {
      const cancelled = controller.signal.aborted || (err instanceof HubError && err.reason === 'cancelled');
      d.state = cancelled ? 'cancelled' : 'failed';
      d.error = cancelled ? null : err instanceof Error ? err.message : String(err);
    }
    d.rate = 0;
    this.ctx.events.emit('backbones.finished', { ...d });
  }

  private progress(d: BackboneDownload, p: DownloadProgress): void {
    d.file = p.file;
    d.bytes = p.bytes;
    d.total = p.total ?? d.total;
    d.filesDone = p.filesDone;
    d.filesTotal = p.filesTotal;
    d.rate = p.bytesPerSecond;
    this.ctx.events.emit('backbones.progress', { ...d });
  }
}
