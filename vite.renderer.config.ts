/**
 * Builds src-renderer into out/renderer: the bundle both shells serve (the web shell over HTTP,
 * the Electron shell from disk, hence relative asset URLs). No inline scripts or styles are
 * emitted, so the shells' CSP (`script-src 'self'; style-src 'self'`) holds.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: path.join(root, 'src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'out/renderer'),
    emptyOutDir: true,
    // Small assets inlined as data: URLs would be fine for images but not for scripts or styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
  },
});
