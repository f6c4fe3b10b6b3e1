/**
 * The page re-checks a Join link before opening a tab, with the core's rule restated (the
 * renderer may not import code from src-main). Both rules must agree on every input.
 */
import { describe, expect, it } from 'vitest';
import { isOpenableJoinUrl } from '../../../src-main/core/join-link.js';

/**
 * The renderer's module belongs to the web TypeScript project, which this Node test is not
 * part of; vitest compiles it all the same, so it is loaded by path with the shape used here.
 */
interface OpenLinkModule {
  isOpenableLink: (url: string) => boolean;
  openLinkInNewTab: (url: string, open: (...args: string[]) => unknown) => boolean;
}
const { isOpenableLink, openLinkInNewTab } = (await import(
  new URL('../../../src-renderer/bridge/open-link.ts', import.meta.url).href
)) as OpenLinkModule;

const INPUTS = [
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting',
  'https://example.com',
  'HTTPS://EXAMPLE.COM/path?q=1#x',
  'https://user@example.com/',
  'https://user:pw@example.com/',
  'https://:pw@example.com/',
  'http://example.com/',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  'file:///etc/passwd',
  'msteams:/l/meetup-join/x',
  'sip:alex@contoso.com',
  'https://',
  'https:///path',
  'https://[::1]/',
  'https://127.0.0.1:8443/x',
  '//example.com/',
  '/relative',
  '',
  ' https://example.com ',
  'https://exa mple.com/',
  'https://xn--bcher-kva.example/',
  'https://bücher.example/',
];

describe('isOpenableLink', () => {
  it.each(INPUTS)('agrees with the core on %j', (url) => {
    expect(isOpenableLink(url)).toBe(isOpenableJoinUrl(url));
  });

  it('accepts https links and refuses the rest', () => {
    expect(isOpenableLink('https://teams.microsoft.com/l/x')).toBe(true);
    expect(isOpenableLink('http://teams.microsoft.com/l/x')).toBe(false);
    expect(isOpenableLink('javascript:alert(1)')).toBe(false);
    expect(isOpenableLink('https://user@example.com/')).toBe(false);
  });
});

describe('openLinkInNewTab', () => {
  it('opens a vetted link in a new tab without opener or referrer', () => {
    const calls: unknown[][] = [];
    expect(openLinkInNewTab('https://example.com/j', (...args) => calls.push(args))).toBe(true);
    expect(calls).toEqual([['https://example.com/j', '_blank', 'noopener,noreferrer']]);
  });

  it('opens nothing for a link the rule refuses', () => {
    const calls: unknown[][] = [];
    expect(openLinkInNewTab('javascript:alert(1)', (...args) => calls.push(args))).toBe(false);
    expect(calls).toEqual([]);
  });
});
