/**
 * Builds the Electron main process (out/main/index.js) and the preload (out/preload/preload.cjs).
 * The renderer is not built here: `npm run build` runs `build:renderer` (vite.renderer.config.ts)
 * first, so the Electron shell and the web shell load the very same out/renderer bundle.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

// Electron 41 runs Node 24 (Electron 40 shipped 24.11). electron-vite 5 only knows Electron up to
// 39 and would fall back to Node 22, so the target is named here.
const electronNode = 'node24.11';

// An organisation's own Entra ID app registration, built in (src-main/auth/oauth/defaults.ts).
const clientId = process.env.BEACON_OAUTH_CLIENT_ID?.trim() ?? '';
if (clientId !== '' && !/^[\w.-]{1,128}$/.test(clientId))
  throw new Error('BEACON_OAUTH_CLIENT_ID is not a client id (a GUID, at most 128 characters)');

export default defineConfig({
  main: {
    define: { __BEACON_OAUTH_CLIENT_ID__: JSON.stringify(clientId) },
    build: {
      outDir: 'out/main',
      target: electronNode,
      // package.json dependencies stay in node_modules (keytar is native; the rest ship as they are),
      // except zod: bundled, it keeps only the English messages Beacon uses (zod's default) and
      // leaves out its 63 other locale files, which loading it from node_modules imports every
      // time (4 MB RSS and 2 MB of heap with the contract's schemas).
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: { input: { index: resolve(root, 'src-main/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      target: electronNode,
      // A sandboxed preload can require nothing but 'electron': every dependency is bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        // One CommonJS file: the package is "type": "module", which would otherwise make it ESM.
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
});
