/**
 * OOF reply text through the companion: the `set-oof` command, then the Snapshot's `oof` (read
 * back from the strict simulator) holds exactly the text sent — CR, CRLF, tabs, bidi controls,
 * astral characters and XML specials included (property-based). Text XML cannot carry is
 * refused as an invalid command that names the problem, and the stored reply stays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNENCODABLE_SAMPLES, replyText } from '../../support/oof-text.js';
import { started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();

describe('OOF reply text through the companion', () => {
  it('the Snapshot shows exactly the text set-oof sent', async () => {
    const t = await started(await h.companion());
    await fc.assert(
      fc.asyncProperty(replyText(), replyText(), async (internalReply, externalReply) => {
        await t.ok({
          type: 'set-oof',
          state: 'enabled',
          internalReply,
          externalReply,
          externalAudience: 'all',
        });
        const oof = t.companion.getSnapshot().oof;
        expect(oof?.internalReply).toBe(internalReply);
        expect(oof?.externalReply).toBe(externalReply);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it.each(UNENCODABLE_SAMPLES)(
    'refuses %s as an invalid command and keeps the stored reply',
    async (_what, message, codeUnit) => {
      const t = await started(await h.companion());
      await t.ok({
        type: 'set-oof',
        state: 'enabled',
        internalReply: 'kept\r\n',
        externalReply: 'kept too',
        externalAudience: 'all',
      });
      const before = t.companion.getSnapshot().oof;
      const result = await t.companion.execute({
        type: 'set-oof',
        state: 'enabled',
        internalReply: message,
        externalReply: 'kept too',
        externalAudience: 'all',
      });
      const hex = codeUnit.toString(16).toUpperCase().padStart(4, '0');
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: 'invalid-command',
          message: expect.stringContaining(
            `The internal reply contains a character that cannot be sent (U+${hex}`,
          ) as unknown,
        },
      });
      expect(t.companion.getSnapshot().oof).toEqual(before);
      expect(before?.internalReply).toBe('kept\r\n');
    },
  );
});
