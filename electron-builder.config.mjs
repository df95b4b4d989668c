// Packaging with electron-builder (`npm run dist`, which runs scripts/dist.mjs). What this file
// promises is checked without Electron by test/packaging/packaged-layout.test.ts: electron-builder's
// own schema, and every files/asarUnpack/extraResources pattern matched against a real build.

/** Where scripts/electron-native.mjs puts better-sqlite3 built for Electron's ABI. */
export const electronNativeDir = 'build/native/electron';

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'org.transferstudio.app',
  productName: 'Transfer Studio',
  directories: { output: 'dist', buildResources: 'build/resources' },
  // The bundles only: the sources, tests and resources/ (shipped below, outside the asar) stay out.
  // Production dependencies are added by electron-builder itself; better-sqlite3's C sources and its
  // Node-ABI build are dropped (the app loads the Electron-ABI build from resources/native).
  files: [
    'out/**/*',
    'package.json',
    '!**/*.map',
    '!node_modules/better-sqlite3/{deps,src,build}/**/*',
  ],
  asar: true,
  // Native code and wasm cannot be loaded from inside an asar archive: dlopen needs a real file,
  // and sharp's .node finds libvips next to it by a relative rpath (sharp's Electron docs).
  asarUnpack: ['**/*.node', '**/*.wasm', '**/node_modules/sharp/**/*', '**/node_modules/@img/**/*'],
  extraResources: [
    // process.resourcesPath/resources: the demo dataset and the starter backbone (electron/main/index.ts).
    { from: 'resources', to: 'resources', filter: ['**/*'] },
    // process.resourcesPath/native/better_sqlite3.node, chosen by better-sqlite3's nativeBinding in Electron.
    { from: electronNativeDir, to: 'native', filter: ['better_sqlite3.node'] },
  ],
  // electron-builder would rebuild native modules for Electron in place, in node_modules, which the
  // CLI and the tests then load under Node and fail (NODE_MODULE_VERSION). scripts/electron-native.mjs
  // builds the Electron copy aside instead; sharp and tfjs-node are N-API and need no rebuild.
  npmRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // The renderer is served from studio-app:, so file:// needs no extra privileges.
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Science',
    executableName: 'transfer-studio',
    maintainer: 'Transfer Studio maintainers <maintainers@transfer-studio.invalid>',
    synopsis: 'Fine-tune pretrained backbones on your own small datasets, offline.',
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'] },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools', hardenedRuntime: true },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  publish: null,
};

export default config;
