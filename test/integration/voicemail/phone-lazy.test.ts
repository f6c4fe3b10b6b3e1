/**
 * libphonenumber-js (about 2 MB of heap with its metadata) loads when Call back is pressed, never
 * with the voicemail list: a process of its own records every module it resolves while the
 * companion signs in to the simulator and lists voicemails from callers with numbers, then calls
 * one back (which must load it, so the check can tell the two apart).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('libphonenumber-js loading', () => {
  it('stays unloaded through the voicemail list and loads with the first Call back', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.resolve('test/integration/voicemail/phone-lazy-child.ts')],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      listed: { callerName?: string; callerNumber?: string }[];
    };
    expect(result).toMatchObject({
      signedIn: true,
      afterList: false,
      calledBack: true,
      afterCallBack: true,
      opened: ['tel:+14255550142'],
    });
    // The list had numbers to format: it is the loading that waited, not the need.
    expect(result.listed).toContainEqual({
      callerName: 'Megan Bowen',
      callerNumber: '+14255550142',
    });
  }, 60_000);
});
