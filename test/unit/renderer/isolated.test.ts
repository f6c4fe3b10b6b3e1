/**
 * Exchange's text is shown isolated: `<bdi dir="auto">`, so a right-to-left override inside a
 * subject ends where the subject ends and cannot reverse the words after it.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Isolated } from '../../../src-renderer/format/Isolated.js';

describe('Isolated', () => {
  it('wraps the text in a bdi with its own direction, as text (never markup)', () => {
    expect(renderToStaticMarkup(createElement(Isolated, null, '\u202Egnp.exe <b>x</b>'))).toBe(
      '<bdi dir="auto" translate="no">\u202Egnp.exe &lt;b&gt;x&lt;/b&gt;</bdi>',
    );
  });
});
