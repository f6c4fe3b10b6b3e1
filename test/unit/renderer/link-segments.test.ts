/** Chat text into text and links: only typed https links become links, everything else stays text. */
import { describe, expect, it } from 'vitest';
import { linkSegments } from '../../../src-renderer/features/chat/link-segments.js';

const links = (text: string): string[] =>
  linkSegments(text).flatMap((s) => (s.kind === 'link' ? [s.href] : []));

describe('linkSegments', () => {
  it('makes an https link a link and keeps the text around it', () => {
    expect(linkSegments('see https://intranet.example/x?y=1, then call')).toEqual([
      { kind: 'text', text: 'see ' },
      {
        kind: 'link',
        text: 'https://intranet.example/x?y=1',
        href: 'https://intranet.example/x?y=1',
      },
      { kind: 'text', text: ', then call' },
    ]);
  });

  it('never makes javascript:, data:, http:, bare domains or e-mail addresses links', () => {
    const text =
      'javascript:alert(1) data:text/html,<b>x</b> http://plain.example www.example.com a@b.example';
    expect(links(text)).toEqual([]);
    expect(linkSegments(text)).toEqual([{ kind: 'text', text }]);
  });

  it('refuses https links that carry a user name', () => {
    expect(links('https://user:pw@evil.example/')).toEqual([]);
  });

  it('keeps markup as text, character for character', () => {
    const text = '<img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>';
    const joined = linkSegments(text)
      .map((s) => s.text)
      .join('');
    expect(joined).toBe(text);
    expect(links(text)).toEqual([]);
  });

  it('finds links in Korean text and keeps the Korean around them', () => {
    const segments = linkSegments('회의록: https://wiki.example/회의 확인 부탁드립니다');
    expect(segments[0]).toEqual({ kind: 'text', text: '회의록: ' });
    expect(segments[1]?.kind).toBe('link');
    expect(segments.map((s) => s.text).join('')).toBe(
      '회의록: https://wiki.example/회의 확인 부탁드립니다',
    );
  });

  it('gives empty text no segments', () => {
    expect(linkSegments('')).toEqual([]);
  });
});
