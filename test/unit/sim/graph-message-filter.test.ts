/**
 * The Graph face's `$filter` subset and extended-property ids, as pure functions over model
 * messages: the forms Beacon and the docs send, the case rules, and refusals as FilterError.
 */
import { describe, expect, it } from 'vitest';
import {
  parsePropertyId,
  propertyValue,
  samePropertyRef,
} from '../../../src-main/sim/graph/extended-properties.js';
import { FilterError, messageFilter } from '../../../src-main/sim/graph/odata-filter.js';
import type { MessageItem } from '../../../src-main/sim/model.js';

function message(overrides: Partial<MessageItem> = {}): MessageItem {
  return {
    id: 'm',
    changeKey: 'c',
    folder: 'inbox',
    itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
    subject: "Voice Mail from O'Brien (13 seconds)",
    body: { type: 'Text', text: '' },
    to: [],
    received: Date.parse('2025-06-10T10:00:00Z'),
    isRead: false,
    importance: 'Normal',
    attachments: [],
    extended: new Map([
      [0x6801, { type: 'Integer', value: 13 }],
      [0x6803, { type: 'String', value: 'Megan Bowen' }],
    ]),
    ...overrides,
  };
}

const voicemail = message();
const note = message({ itemClass: 'IPM.Note', extended: new Map(), isRead: true });
const matches = (filter: string, m: MessageItem): boolean => messageFilter(filter)(m);

describe('extended property ids', () => {
  it('reads the 16-bit and the full 32-bit tag forms as the same property', () => {
    const short = parsePropertyId('String 0x001A');
    const full = parsePropertyId('String 0x001A001F');
    expect(short).toEqual({ kind: 'tag', type: 'String', tag: 0x001a });
    expect(full && short && samePropertyRef(full, short)).toBe(true);
    expect(parsePropertyId('Integer 0x68010003')).toEqual({
      kind: 'tag',
      type: 'Integer',
      tag: 0x6801,
    });
  });

  it('refuses a full tag whose type code disagrees, and unknown types', () => {
    expect(parsePropertyId('String 0x001A0003')).toBeUndefined();
    expect(parsePropertyId('Strung 0x001A')).toBeUndefined();
    expect(parsePropertyId('String 0x1A')).toBeUndefined();
  });

  it('gives the class, computed flags and stored UM values as strings', () => {
    const ref = (id: string) => {
      const parsed = parsePropertyId(id);
      if (!parsed) throw new Error(id);
      return parsed;
    };
    expect(propertyValue(voicemail, ref('String 0x001A'))).toBe(
      'IPM.Note.Microsoft.Voicemail.UM.CA',
    );
    expect(propertyValue(voicemail, ref('Integer 0x6801'))).toBe('13');
    expect(propertyValue(voicemail, ref('String 0x6801'))).toBeUndefined();
    expect(propertyValue(note, ref('Integer 0x0E07'))).toBe('1');
    expect(propertyValue(message({ isDraft: true }), ref('Integer 0x0E07'))).toBe('8');
  });
});

describe('$filter', () => {
  it("matches Beacon's voicemail class filter and its protected-class alternative", () => {
    const filter =
      "singleValueExtendedProperties/Any(ep: ep/id eq 'String 0x001A' and ep/value eq 'IPM.Note.Microsoft.Voicemail.UM.CA') or singleValueExtendedProperties/Any(ep: ep/id eq 'String 0x001A' and ep/value eq 'IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA')";
    expect(matches(filter, voicemail)).toBe(true);
    expect(
      matches(filter, message({ itemClass: 'IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA' })),
    ).toBe(true);
    expect(matches(filter, message({ itemClass: 'IPM.Note.Microsoft.Missed.Voice' }))).toBe(false);
    expect(matches(filter, note)).toBe(false);
  });

  it('compares values without case but needs the id and the value on the same property', () => {
    expect(
      matches(
        "singleValueExtendedProperties/any(ep:ep/Id eq 'String 0x001A' and contains(ep/Value, 'VOICEMAIL'))",
        voicemail,
      ),
    ).toBe(true);
    // 'Megan Bowen' is on 0x6803, not on the class: no property has both.
    expect(
      matches(
        "singleValueExtendedProperties/any(ep: ep/id eq 'String 0x001A' and ep/value eq 'Megan Bowen')",
        voicemail,
      ),
    ).toBe(false);
  });

  it('casts integer values and compares dates, booleans and quoted quotes', () => {
    expect(
      matches(
        "singleValueExtendedProperties/any(ep: ep/id eq 'Integer 0x6801' and cast(ep/value, Edm.Int32) gt 12)",
        voicemail,
      ),
    ).toBe(true);
    expect(
      matches(
        "singleValueExtendedProperties/any(ep: ep/id eq 'Integer 0x6801' and cast(ep/value, Edm.Int32) lt 13)",
        voicemail,
      ),
    ).toBe(false);
    expect(matches('receivedDateTime ge 2025-06-10T09:00:00Z and isRead eq false', voicemail)).toBe(
      true,
    );
    expect(matches('receivedDateTime ge 2025-06-10T11:00:00Z', voicemail)).toBe(false);
    expect(matches("startswith(subject, 'Voice Mail from O''Brien')", voicemail)).toBe(true);
    expect(matches('not (isRead eq true)', note)).toBe(false);
  });

  it('refuses what it does not know as a FilterError, even with nothing to match', () => {
    for (const bad of [
      'nosuch eq 1',
      "subject eq 'open",
      'isRead eq',
      "attachments/any(a: a/name eq 'x')",
      "singleValueExtendedProperties/any(ep: ep/id eq 'Strung 0x001A')",
      "singleValueExtendedProperties/any(ep: ep/id gt 'String 0x001A')",
      "singleValueExtendedProperties/any(ep: cast(ep/value, Edm.Guid) eq 'x')",
      'isRead eq true extra',
    ]) {
      expect(() => messageFilter(bad), bad).toThrow(FilterError);
    }
  });
});
