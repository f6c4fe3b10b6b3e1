/**
 * MSAL (about 19 MB once loaded) loads with the first OAuth session, never for a password
 * account: a process of its own records every module it resolves while the companion signs in to
 * the simulator with a password, then opens an OAuth session (which must load it, so the check
 * can tell the two apart).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('MSAL loading', () => {
  it('stays unloaded through a password sign-in and loads with the first OAuth session', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.resolve('test/integration/auth/msal-lazy-child.ts')],
      { encoding: 'utf8' },
    );
    const result: unknown = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(result).toEqual({
      signedIn: true,
      online: true,
      afterPassword: false,
      afterOAuth: true,
    });
  }, 60_000);
});
