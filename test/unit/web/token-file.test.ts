/** The web shell's token, kept per data folder with mode 0600 and rotated on request. */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadOrCreateToken,
  parseStoredToken,
  TOKEN_FILE_NAME,
} from '../../../src-main/web/token-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'beacon-token-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe('parseStoredToken', () => {
  it('takes a base64url token with its newline, and refuses anything else', () => {
    expect(parseStoredToken(`${'a'.repeat(43)}\n`)).toBe('a'.repeat(43));
    expect(parseStoredToken('')).toBeUndefined();
    expect(parseStoredToken('short')).toBeUndefined();
    expect(parseStoredToken(`${'a'.repeat(20)} ${'b'.repeat(20)}`)).toBeUndefined();
    expect(parseStoredToken('a'.repeat(257))).toBeUndefined();
  });
});

describe('loadOrCreateToken', () => {
  it('creates the file with mode 0600 (and its folder) and reuses it next time', async () => {
    const dataDir = path.join(dir, 'profile');
    const first = await loadOrCreateToken(dataDir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = path.join(dataDir, TOKEN_FILE_NAME);
    expect(await mode(file)).toBe(0o600);
    expect(await loadOrCreateToken(dataDir)).toBe(first);
  });

  it('rotates on request', async () => {
    const first = await loadOrCreateToken(dir);
    const second = await loadOrCreateToken(dir, { rotate: true });
    expect(second).not.toBe(first);
    expect(await loadOrCreateToken(dir)).toBe(second);
    expect(await mode(path.join(dir, TOKEN_FILE_NAME))).toBe(0o600);
  });

  it('replaces a damaged file and tightens a loose mode', async () => {
    const file = path.join(dir, TOKEN_FILE_NAME);
    await writeFile(file, 'not a token');
    const token = await loadOrCreateToken(dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await readFile(file, 'utf8')).trim()).toBe(token);
    await chmod(file, 0o644);
    expect(await loadOrCreateToken(dir)).toBe(token);
    expect(await mode(file)).toBe(0o600);
  });
});

describe('the last port', () => {
  it('is remembered per data folder and only a sensible one is asked for again', async () => {
    const { parseStoredPort, readLastPort, writeLastPort } =
      await import('../../../src-main/web/last-port.js');
    expect(await readLastPort(dir)).toBeUndefined();
    await writeLastPort(dir, 43_210);
    expect(await readLastPort(dir)).toBe(43_210);
    expect(parseStoredPort('80')).toBeUndefined();
    expect(parseStoredPort('70000')).toBeUndefined();
    expect(parseStoredPort('8080x')).toBeUndefined();
    expect(parseStoredPort('8080\n')).toBe(8080);
  });
});
