/**
 * OOF reply text through the CLI, as a user runs it (child processes against the strict
 * simulator): `beacon oof set --internal=… --external=…` prints the settings read back after the
 * set, and `beacon oof get` prints them again — each exactly the text given (property-based over
 * CR, CRLF, tabs, bidi controls, astral characters and XML specials). Text XML cannot carry is
 * one line on stderr naming the character, and the stored reply stays.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { replyText } from '../../support/oof-text.js';
import { expectOneLineError, jsonOf, runCli, type CliResult } from './support.js';

const NOW = new Date('2025-06-10T17:07:00Z');
const ALEX = 'alex@beacon.test';
let sim: RunningSimulator;

interface Oof {
  internalReply: { message: string };
  externalReply: { message: string };
}

beforeAll(async () => {
  sim = await startSimulator({ now: () => NOW, seed: 'demo', strict: true });
});
afterAll(async () => {
  await sim.close();
});

/** `beacon oof …` as Alex; values go as `--flag=value`, so a leading dash stays text. */
function oof(args: string[]): Promise<CliResult> {
  return runCli(['oof', ...args, '--url', sim.ewsUrl, '--user', ALEX], {
    env: { BEACON_PASSWORD: 'alex-password' },
    timeoutMs: 30_000,
  });
}

function printed(result: CliResult): Oof {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return jsonOf(result) as Oof;
}

describe('OOF reply text through the CLI', () => {
  it('oof set prints, and oof get reads back, exactly the text given', async () => {
    // Each child process takes seconds: few runs, each a set (which reads back), then one get.
    let last: { internal: string; external: string } | undefined;
    await fc.assert(
      fc.asyncProperty(replyText(16), replyText(16), async (internal, external) => {
        const set = printed(
          await oof([
            'set',
            '--state',
            'enabled',
            `--internal=${internal}`,
            `--external=${external}`,
          ]),
        );
        expect(set.internalReply.message).toBe(internal);
        expect(set.externalReply.message).toBe(external);
        last = { internal, external };
      }),
      { numRuns: 6 },
    );
    const got = printed(await oof(['get']));
    expect(got.internalReply.message).toBe(last?.internal);
    expect(got.externalReply.message).toBe(last?.external);
  }, 180_000);

  it('keeps a CRLF reply byte for byte', async () => {
    const message = 'line1\r\nline2\r\n';
    expect(printed(await oof(['set', `--internal=${message}`])).internalReply.message).toBe(
      message,
    );
  }, 30_000);

  it('refuses a control character with one line that names it, and keeps the reply', async () => {
    const before = printed(await oof(['get']));
    const result = await oof(['set', '--internal=ding\u0007dong']);
    expectOneLineError(
      result,
      /The internal reply contains a character that cannot be sent \(U\+0007 at position 5\)/,
    );
    expect(printed(await oof(['get']))).toEqual(before);
  }, 60_000);
});
