#!/usr/bin/env node
// The CLI runs from TypeScript source through tsx, so `npx studio` works right after `npm install`
// with no build step; the Electron app uses the bundled core instead.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
