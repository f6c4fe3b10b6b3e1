/**
 * The renderer built once per source state for all e2e files: the build is keyed by a SHA-256 of
 * every file it can depend on (src-renderer, src-main — the renderer imports its contract — the
 * Vite config, the TypeScript configs and the lock file), kept in the system's temporary folder
 * and copied into each caller's folder. Any edit to those files is a new key, so a test always
 * serves what a fresh build of the current sources would produce; an unchanged tree is built
 * once instead of once per file (about ten seconds each on a loaded two-core machine).
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';

const INPUT_DIRS = ['src-renderer', 'src-main'];
const INPUT_FILES = [
  'vite.renderer.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.web.json',
];
const CACHE_ROOT = path.join(tmpdir(), 'beacon-e2e-renderer');
/** Builds of source states older than this are removed when a new one is stored. */
const KEEP_MS = 24 * 60 * 60 * 1000;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The key of the sources' current state: their paths and contents, in a stable order. */
export async function sourceKey(repoRoot: string): Promise<string> {
  const listed = await Promise.all(INPUT_DIRS.map((dir) => filesUnder(path.join(repoRoot, dir))));
  const files = [...listed.flat(), ...INPUT_FILES.map((file) => path.join(repoRoot, file))].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const content = await readFile(file).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    });
    if (content === undefined) continue;
    hash.update(path.relative(repoRoot, file)).update('\0');
    hash.update(String(content.length)).update('\0').update(content);
  }
  return hash.digest('hex').slice(0, 32);
}

async function exists(dir: string): Promise<boolean> {
  return stat(dir).then(
    () => true,
    () => false,
  );
}

async function pruneOld(keep: string): Promise<void> {
  const entries = await readdir(CACHE_ROOT, { withFileTypes: true }).catch(() => []);
  const now = Date.now();
  for (const entry of entries) {
    const dir = path.join(CACHE_ROOT, entry.name);
    if (dir === keep) continue;
    const info = await stat(dir).catch(() => undefined);
    if (info !== undefined && now - info.mtimeMs > KEEP_MS) {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * The renderer of the current sources in `outDir`: built with `configFile` when this source
 * state has not been built yet (in a private folder, then renamed into place whole, so parallel
 * test files never see half a build), else copied from the stored build.
 */
export async function buildRendererOnce(
  repoRoot: string,
  configFile: string,
  outDir: string,
): Promise<void> {
  const key = await sourceKey(repoRoot);
  const stored = path.join(CACHE_ROOT, key);
  await rm(outDir, { recursive: true, force: true });
  if (await exists(stored)) {
    await cp(stored, outDir, { recursive: true });
    return;
  }
  await mkdir(CACHE_ROOT, { recursive: true });
  const building = `${stored}.building-${String(process.pid)}-${String(Date.now())}`;
  await build({
    configFile,
    logLevel: 'warn',
    build: { outDir: building, emptyOutDir: true },
  });
  await cp(building, outDir, { recursive: true });
  // Stored only if no source changed while it built (the key must name what was built); another
  // file may have stored the same build meanwhile, and either copy is the same.
  if ((await sourceKey(repoRoot)) === key) {
    await rename(building, stored).catch(() => undefined);
    await pruneOld(stored);
  }
  await rm(building, { recursive: true, force: true });
}
