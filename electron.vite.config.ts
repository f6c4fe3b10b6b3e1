import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

// Main and preload are built from src-main/electron; the renderer from src-renderer.
// The preload is one CommonJS file so that it loads under `sandbox: true`.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: resolve(import.meta.dirname, 'src-main/electron/main.ts') },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: resolve(import.meta.dirname, 'src-main/electron/preload.ts'),
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve(import.meta.dirname, 'src-renderer/index.html') },
    },
  },
});
