// The hub client's public surface; the backbones service imports from here.
export { downloadRepo, type DownloadRepoOptions, type DownloadRepoResult } from './download-repo';
export { downloadFile, type DownloadFileOptions, type DownloadFileResult, type ExpectedFile } from './download-file';
export { fetchRepoInfo, type HubRepoInfo, type HubSibling } from './api';
export { HubError, type HubErrorReason } from './errors';
export { DEFAULT_HUB_ENDPOINT, resolveHubEndpoint, resolveHubToken, validateRepoId } from './endpoint';
export { defaultHubCacheDir, repoFolder, snapshotDir } from './cache';
export { type DownloadProgress } from './progress';
export {
  BACKBONE_CATALOG,
  BACKBONE_OPTIONAL_FILES,
  BACKBONE_REQUIRED_FILES,
  backboneFileSelection,
  findCatalogEntry,
  type CatalogEntry,
} from './catalog';
