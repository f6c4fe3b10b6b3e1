/** Which message catalogue the window speaks, from the browser's preferred languages. */
import { describe, expect, it } from 'vitest';
import { catalogueFor, en } from '../../../src-renderer/i18n/index.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

describe('catalogueFor', () => {
  it('speaks English when the browser names no language', () => {
    expect(catalogueFor([])).toBe(en);
  });

  it('speaks Korean for Korean, whatever the region or case', () => {
    expect(catalogueFor(['ko'])).toBe(ko);
    expect(catalogueFor(['ko-KR'])).toBe(ko);
    expect(catalogueFor(['KO-kr'])).toBe(ko);
    expect(catalogueFor(['ko']).lang).toBe('ko');
  });

  it('falls back to English for a language it has no catalogue for', () => {
    expect(catalogueFor(['fr-FR'])).toBe(en);
    expect(catalogueFor(['x-unknown', ''])).toBe(en);
  });

  it('takes the first preferred language it knows', () => {
    expect(catalogueFor(['fr-FR', 'ko-KR', 'en-US'])).toBe(ko);
    expect(catalogueFor(['fr-FR', 'en-GB', 'ko-KR'])).toBe(en);
  });

  it('falls back to English, string by string, where Korean is not translated yet', () => {
    expect(ko.footer.bridgeDown).not.toBe(en.footer.bridgeDown);
    expect(ko.loading).toBe(en.loading);
    expect(ko.settings.signIn).toBe('로그인');
  });

  it('tells the user plainly when the window has lost Beacon', () => {
    expect(en.footer.bridgeDown).toBe('Not connected to Beacon — reconnecting…');
  });
});
