/**
 * Property: whatever a server sends, the decoders of these operations either return a value or
 * fail with a ZodError (which the transport turns into its typed 'malformed' error); nothing else
 * is thrown. And a documented answer with one enum replaced by any string still decodes: an
 * unknown value is kept as 'unknown' instead of failing the whole answer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError, type ZodType } from 'zod';
import { deltaPageSchema } from '../../../../src-main/graph/operations/calendar-delta.js';
import {
  meSchema,
  personPageSchema,
  userPageSchema,
} from '../../../../src-main/graph/operations/directory.js';
import { eventPageSchema, SHOW_AS } from '../../../../src-main/graph/operations/events.js';
import { mailTipsAnswerSchema } from '../../../../src-main/graph/operations/mail-tips.js';
import { mailboxSettingsSchema } from '../../../../src-main/graph/operations/mailbox-settings.js';
import { scheduleAnswerSchema } from '../../../../src-main/graph/operations/schedule.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = path.resolve(repoRoot, '../shared/graph-corpus');
const read = (file: string): unknown =>
  JSON.parse(readFileSync(path.join(corpus, file), 'utf8')) as unknown;

const SCHEMAS: [string, ZodType][] = [
  ['mailboxSettings', mailboxSettingsSchema],
  ['eventPage', eventPageSchema],
  ['deltaPage', deltaPageSchema],
  ['schedule', scheduleAnswerSchema],
  ['mailTips', mailTipsAnswerSchema],
  ['people', personPageSchema],
  ['users', userPageSchema],
  ['me', meSchema],
];

/** JSON values, biased towards the shapes these answers have. */
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1.5, '', 'datetime-value', '2026-12-03T10:00:00'),
    fc.string(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'value',
        'id',
        'start',
        'dateTime',
        'timeZone',
        'status',
        '@removed',
        'scheduleId',
        'automaticRepliesSetting',
        'workingHours',
        'daysOfWeek',
        '@odata.nextLink',
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe('Graph decoders on arbitrary input', () => {
  it.each(SCHEMAS)('%s: a value or a ZodError, nothing else', (_name, schema) => {
    fc.assert(
      fc.property(jsonish, (input) => {
        try {
          schema.parse(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ZodError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a documented free/busy answer with any status string still decodes', () => {
    const known = new Set<string>(SHOW_AS.map((s) => s.toLowerCase()));
    fc.assert(
      fc.property(fc.string(), (status) => {
        const answer = read('getSchedule/calendar-getschedule.response.json') as {
          value: { scheduleItems: { status: string }[] }[];
        };
        const item = answer.value[1]?.scheduleItems[0];
        if (item) item.status = status;
        const decoded = scheduleAnswerSchema.parse(answer);
        const got = decoded.value[1]?.scheduleItems?.[0]?.status;
        expect(got).toBe(
          known.has(status.trim().toLowerCase())
            ? SHOW_AS.find((s) => s.toLowerCase() === status.trim().toLowerCase())
            : 'unknown',
        );
        expect(decoded.value[1]?.scheduleItems).toHaveLength(5);
      }),
      { numRuns: 200 },
    );
  });
});
