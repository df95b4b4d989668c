// Types for electron-builder.config.mjs, which stays JavaScript so scripts/*.mjs can import it under plain Node.
import type { Configuration } from 'electron-builder';

export declare const electronNativeDir: string;
declare const config: Configuration;
export default config;
