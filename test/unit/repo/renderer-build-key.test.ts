/**
 * The e2e files share one renderer build per source state: its key must change with any file the
 * build reads (renderer, core contract, config, lock file) and stay the same otherwise, or a test
 * would serve a stale renderer.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceKey } from '../../e2e/renderer-build.js';

let repo: string;

beforeEach(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'beacon-renderer-key-'));
  await mkdir(path.join(repo, 'src-renderer/app'), { recursive: true });
  await mkdir(path.join(repo, 'src-main/core'), { recursive: true });
  await writeFile(path.join(repo, 'src-renderer/app/App.tsx'), 'export const a = 1;\n');
  await writeFile(path.join(repo, 'src-main/core/contract.ts'), 'export const b = 2;\n');
  await writeFile(path.join(repo, 'vite.renderer.config.ts'), 'export default {};\n');
  await writeFile(path.join(repo, 'package-lock.json'), '{}\n');
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('the shared renderer build key', () => {
  it('is the same for the same sources', async () => {
    const first = await sourceKey(repo);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(await sourceKey(repo)).toBe(first);
  });

  it.each([
    ['a renderer file', 'src-renderer/app/App.tsx', 'export const a = 3;\n'],
    ['the core contract', 'src-main/core/contract.ts', 'export const b = 4;\n'],
    ['the Vite config', 'vite.renderer.config.ts', 'export default { base: "/" };\n'],
    ['the lock file', 'package-lock.json', '{"v":1}\n'],
    ['a new renderer file', 'src-renderer/app/New.tsx', 'export {};\n'],
    ['a tsconfig that was missing', 'tsconfig.web.json', '{}\n'],
  ])('changes when %s changes', async (_what, file, text) => {
    const before = await sourceKey(repo);
    await writeFile(path.join(repo, file), text);
    expect(await sourceKey(repo)).not.toBe(before);
  });

  it('names files by path: the same content moved is a different state', async () => {
    const before = await sourceKey(repo);
    await rm(path.join(repo, 'src-renderer/app/App.tsx'));
    await writeFile(path.join(repo, 'src-renderer/app/Other.tsx'), 'export const a = 1;\n');
    expect(await sourceKey(repo)).not.toBe(before);
  });
});
