/**
 * OOF reply text survives a set→get round trip through the library and the strict simulator
 * exactly, whatever it holds: CR, CRLF, lone LF, tabs, bidi controls, astral characters and XML
 * specials (property-based). Text XML cannot carry at all is refused with a typed error before
 * anything is sent, and the stored settings stay as they were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OofSettings } from '../../../src-main/ews/operations/oof.js';
import { UnencodableTextError } from '../../../src-main/ews/xml/build.js';
import { UNENCODABLE_SAMPLES, replyText } from '../../support/oof-text.js';
import { failure, useSimulator } from './support.js';

const h = useSimulator();

describe('OOF reply text through the library', () => {
  it('reads back exactly what it set (CR, CRLF, tabs, bidi, astral, XML specials)', async () => {
    const client = h.client();
    const base = await client.getOofSettings();
    await fc.assert(
      fc.asyncProperty(replyText(), replyText(), async (internal, external) => {
        const wanted: OofSettings = {
          ...base,
          internalReply: { ...base.internalReply, message: internal },
          externalReply: { ...base.externalReply, message: external },
        };
        delete wanted.allowExternalOof;
        await client.setOofSettings(wanted);
        const read = await client.getOofSettings();
        expect(read.internalReply.message).toBe(internal);
        expect(read.externalReply.message).toBe(external);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a CRLF message byte for byte (the case that used to lose its CRs)', async () => {
    const client = h.client();
    const base = await client.getOofSettings();
    const message = 'line1\r\nline2\r\n\r\n\tindented\rold-mac\n';
    await client.setOofSettings({ ...base, internalReply: { message } });
    expect((await client.getOofSettings()).internalReply.message).toBe(message);
  });

  it.each(UNENCODABLE_SAMPLES)(
    'refuses %s with a typed error, sends nothing, keeps the stored reply',
    async (_what, message, codeUnit) => {
      const client = h.client();
      const before = await client.getOofSettings();
      await client.setOofSettings(before);
      const sets = (await h.admin.requestsFor('SetUserOofSettings')).length;
      expect(sets).toBe(1);
      const error = await failure(client.setOofSettings({ ...before, externalReply: { message } }));
      expect(error).toBeInstanceOf(UnencodableTextError);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as UnencodableTextError).codeUnit).toBe(codeUnit);
      expect((error as UnencodableTextError).field).toBe('the external reply');
      expect((error as Error).message).toMatch(/^The external reply contains a character/);
      expect((await h.admin.requestsFor('SetUserOofSettings')).length).toBe(sets);
      expect(await client.getOofSettings()).toEqual(before);
    },
  );
});
