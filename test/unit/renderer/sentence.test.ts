/**
 * Sentences that embed a name or an address from Exchange or IM keep that text isolated: the
 * catalogue's words stay as the translator wrote them, and the name is a piece of its own
 * (rendered `<bdi dir="auto">`), so a right-to-left display name cannot take the sentence's
 * punctuation with it. English and Korean, whose word orders differ.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Sentence } from '../../../src-renderer/format/Sentence.js';
import { sentenceParts } from '../../../src-renderer/format/sentence-parts.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

const HEBREW = 'שרה כהן';
const ARABIC = 'عمر خالد';
const MAILBOX = 'sara@contoso.com';

describe('sentenceParts', () => {
  it('cuts "Signed in as" around the name and the address, in English and Korean', () => {
    expect(sentenceParts(en.settings.signedInAs, [HEBREW, MAILBOX])).toEqual([
      { text: 'Signed in as ', embedded: false },
      { text: HEBREW, embedded: true },
      { text: ' (', embedded: false },
      { text: MAILBOX, embedded: true },
      { text: ')', embedded: false },
    ]);
    expect(sentenceParts(ko.settings.signedInAs, [ARABIC, MAILBOX])).toEqual([
      { text: ARABIC, embedded: true },
      { text: '(', embedded: false },
      { text: MAILBOX, embedded: true },
      { text: ')(으)로 로그인됨', embedded: false },
    ]);
  });

  it('lets a sentence that compares its arguments see equal ones as equal', () => {
    expect(sentenceParts(en.settings.signedInAs, [MAILBOX, MAILBOX])).toEqual([
      { text: 'Signed in as ', embedded: false },
      { text: MAILBOX, embedded: true },
    ]);
  });

  it('keeps the trailing ellipsis outside the name', () => {
    expect(sentenceParts(en.chat.typing, [HEBREW])).toEqual([
      { text: HEBREW, embedded: true },
      { text: ' is typing…', embedded: false },
    ]);
    expect(sentenceParts(ko.chat.typing, [HEBREW]).map((p) => p.embedded)).toContain(true);
  });

  it('falls back to Unicode isolates when the sentence cuts its argument or the text holds the marks', () => {
    const initial = (name: string): string => `Hello ${name.slice(0, 1)}.`;
    expect(sentenceParts(initial, [HEBREW])).toEqual([{ text: 'Hello \u2068.', embedded: false }]);
    const sneaky = 'a\uE0000\uE001b';
    expect(sentenceParts(en.chat.typing, [sneaky])).toEqual([
      { text: `\u2068${sneaky}\u2069 is typing…`, embedded: false },
    ]);
  });
});

describe('Sentence', () => {
  it('renders each embedded piece as an isolated bdi, the punctuation outside it', () => {
    const html = renderToStaticMarkup(
      createElement(Sentence<[string, string]>, {
        message: en.settings.signedInAs,
        args: [HEBREW, MAILBOX],
      }),
    );
    expect(html).toBe(
      `Signed in as <bdi dir="auto" translate="no">${HEBREW}</bdi> (<bdi dir="auto" translate="no">${MAILBOX}</bdi>)`,
    );
  });

  it('draws every text through render, and renders markup in a name as text', () => {
    const html = renderToStaticMarkup(
      createElement(Sentence<[string]>, {
        message: en.chat.typing,
        args: ['<b>x</b>'],
        render: (text: string) => text.toUpperCase(),
      }),
    );
    expect(html).toBe('<bdi dir="auto" translate="no">&lt;B&gt;X&lt;/B&gt;</bdi> IS TYPING…');
  });
});
