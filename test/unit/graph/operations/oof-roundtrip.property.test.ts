/**
 * Property: the automatic-replies PATCH loses nothing. A body built from any settings decodes back
 * to the same settings (every field: status, audience, both scheduled times, both HTML replies),
 * the enums in the body are the CSDL's camelCase, any casing of them reads back the same, and an
 * enum the library does not know is never written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUTOMATIC_REPLIES_STATUSES,
  automaticRepliesSettingSchema,
  buildAutomaticRepliesBody,
  EXTERNAL_AUDIENCES,
  mailboxSettingsSchema,
  setAutomaticReplies,
  type AutomaticRepliesSetting,
} from '../../../../src-main/graph/operations/mailbox-settings.js';
import { RecordingRequester } from './recording-requester.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const dateTimeArb = fc
  .record({
    date: fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fraction: fc.constantFrom('', '.0000000', '.123', '.1234567'),
  })
  .map(({ date, fraction }) => {
    const d = date;
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction}`;
  });

const dateTimeTimeZoneArb = fc.record({
  dateTime: dateTimeArb,
  timeZone: fc.oneof(
    fc.constantFrom('UTC', 'Pacific Standard Time', 'Korea Standard Time', 'Europe/Berlin'),
    fc.string(),
  ),
});

const htmlArb = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    '<html>\n<body>\n<p>Away &amp; back <b>Monday</b></p></body>\n</html>\n',
    '<p dir="rtl">مرحبا</p>',
    '부재중입니다',
  ),
);

const settingsArb: fc.Arbitrary<AutomaticRepliesSetting> = fc
  .record(
    {
      status: fc.constantFrom(...AUTOMATIC_REPLIES_STATUSES),
      externalAudience: fc.constantFrom(...EXTERNAL_AUDIENCES),
      scheduledStartDateTime: dateTimeTimeZoneArb,
      scheduledEndDateTime: dateTimeTimeZoneArb,
      internalReplyMessage: htmlArb,
      externalReplyMessage: htmlArb,
    },
    { requiredKeys: [] },
  )
  // fast-check builds null-prototype records; the decoder builds plain objects.
  .map((s) => JSON.parse(JSON.stringify(s)) as AutomaticRepliesSetting);

function recase(value: string, pattern: readonly boolean[]): string {
  // The values are ASCII enum members: one code unit per letter.
  return value.replace(/./g, (c, i: number) =>
    pattern[i % pattern.length] ? c.toUpperCase() : c.toLowerCase(),
  );
}

describe('automatic replies PATCH round trip', () => {
  it('body built from settings → JSON → decoded back = the same settings', () => {
    fc.assert(
      fc.property(settingsArb, (settings) => {
        const wire: unknown = JSON.parse(JSON.stringify(buildAutomaticRepliesBody(settings)));
        expect(automaticRepliesSettingSchema.parse(wire)).toStrictEqual(settings);
      }),
      { numRuns: 300 },
    );
  });

  it('through setAutomaticReplies: the PATCH sent decodes to the settings given', async () => {
    await fc.assert(
      fc.asyncProperty(settingsArb, async (settings) => {
        const r = new RecordingRequester([{ json: undefined }]);
        await setAutomaticReplies(r, settings);
        const sent = mailboxSettingsSchema.parse(JSON.parse(JSON.stringify(r.requests[0]?.body)));
        expect(sent).toStrictEqual(
          Object.keys(settings).length === 0
            ? { automaticRepliesSetting: {} }
            : { automaticRepliesSetting: settings },
        );
      }),
      { numRuns: 100 },
    );
  });

  it('enums are written in camelCase and read back the same in any case', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AUTOMATIC_REPLIES_STATUSES),
        fc.constantFrom(...EXTERNAL_AUDIENCES),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        (status, externalAudience, pattern) => {
          const body = buildAutomaticRepliesBody({ status, externalAudience });
          expect(body).toEqual({ status, externalAudience });
          const recased = {
            status: recase(status, pattern),
            externalAudience: recase(externalAudience, pattern),
          };
          expect(automaticRepliesSettingSchema.parse(recased)).toStrictEqual({
            status,
            externalAudience,
          });
        },
      ),
    );
  });

  it('a value the library does not know reads as unknown and is never written back', () => {
    const known = new Set<string>(
      [...AUTOMATIC_REPLIES_STATUSES, ...EXTERNAL_AUDIENCES].map((v) => v.toLowerCase()),
    );
    fc.assert(
      fc.property(
        fc.string().filter((s) => !known.has(s.trim().toLowerCase())),
        fc.string().filter((s) => !known.has(s.trim().toLowerCase())),
        (status, externalAudience) => {
          const decoded = automaticRepliesSettingSchema.parse({
            status,
            externalAudience,
            internalReplyMessage: 'x',
          });
          expect(decoded).toStrictEqual({
            status: 'unknown',
            externalAudience: 'unknown',
            internalReplyMessage: 'x',
          });
          expect(buildAutomaticRepliesBody(decoded)).toStrictEqual({ internalReplyMessage: 'x' });
        },
      ),
    );
  });
});
