/**
 * Renders the tray glyphs and the app icon from their SVG sources into the committed files:
 *   npx tsx scripts/icons/generate.ts
 * Files under the rendition folders that are no longer produced are removed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, TRAY_DIR, appIconRenditions, trayRenditions } from './renditions.js';

const RENDITION_DIRS = ['linux', 'windows', 'macos'].map((dir) => `${TRAY_DIR}/${dir}`);

const files = new Map([...trayRenditions(), ...appIconRenditions()]);

for (const dir of RENDITION_DIRS) {
  mkdirSync(join(REPO_ROOT, dir), { recursive: true });
  for (const name of readdirSync(join(REPO_ROOT, dir))) {
    if (!files.has(`${dir}/${name}`)) rmSync(join(REPO_ROOT, dir, name));
  }
}

let bytes = 0;
for (const [file, content] of files) {
  mkdirSync(dirname(join(REPO_ROOT, file)), { recursive: true });
  writeFileSync(join(REPO_ROOT, file), content);
  bytes += content.length;
}
console.log(`wrote ${files.size} icon files, ${Math.round(bytes / 1024)} KiB`);
