/**
 * The message catalogues: which one the window speaks, and that they stay complete. A key
 * missing from either catalogue, a key no source reads, or a Korean string left in English fails
 * here, so a new string cannot reach the window in one language only.
 */
import { describe, expect, it } from 'vitest';
import { catalogueFor, en } from '../../../src-renderer/i18n/index.js';
import { ko } from '../../../src-renderer/i18n/ko.js';
import { isReferenced, leaves, withoutTerms } from '../../support/catalogue.js';

declare global {
  interface ImportMeta {
    glob: (
      pattern: string[],
      options: { query: '?raw'; import: 'default'; eager: true },
    ) => Record<string, string>;
  }
}

/** The renderer's sources as text (Vite reads them for the test), catalogues aside. */
const SOURCES = Object.entries(
  import.meta.glob(['../../../src-renderer/**/*.ts', '../../../src-renderer/**/*.tsx'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
)
  .filter(([file]) => !file.includes('/i18n/'))
  .map(([, text]) => text);

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

  it('tells the user plainly when the window has lost Beacon', () => {
    expect(en.footer.bridgeDown).toBe('Not connected to Beacon — reconnecting…');
  });
});

describe('the catalogues are complete', () => {
  const enPaths = leaves(en).map((leaf) => leaf.path);
  const koPaths = leaves(ko).map((leaf) => leaf.path);

  it('have the same key paths in English and Korean', () => {
    expect(koPaths.filter((p) => !enPaths.includes(p))).toEqual([]);
    expect(enPaths.filter((p) => !koPaths.includes(p))).toEqual([]);
  });

  it('have no key that the window never reads', () => {
    expect(SOURCES.length).toBeGreaterThan(20);
    expect(enPaths.filter((p) => !isReferenced(p, SOURCES))).toEqual([]);
  });

  it('have every Korean string in Korean (names and product terms aside)', () => {
    const english = new Map(leaves(en).map((leaf) => [leaf.path, leaf.text]));
    const untranslated = leaves(ko)
      .filter((leaf) => leaf.path !== 'lang')
      .filter((leaf) => leaf.text === english.get(leaf.path))
      .filter((leaf) => /[A-Za-z]/.test(withoutTerms(leaf.text)))
      .map((leaf) => `${leaf.path}: ${leaf.text}`);
    expect(untranslated).toEqual([]);
  });

  it('have Korean text in every Korean string that has any words', () => {
    const noHangul = leaves(ko)
      .filter((leaf) => leaf.path !== 'lang')
      .filter((leaf) => /[A-Za-z]{3,}/.test(withoutTerms(leaf.text)))
      .filter((leaf) => !/[\uac00-\ud7a3]/.test(leaf.text))
      .map((leaf) => `${leaf.path}: ${leaf.text}`);
    expect(noHangul).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('find a parent read by index and refuse a key read nowhere', () => {
    const sources = ['t.availability[presence.availability]', 'x = t.oof.title;'];
    expect(isReferenced('availability.busy', sources)).toBe(true);
    expect(isReferenced('oof.title', sources)).toBe(true);
    expect(isReferenced('oof.titleLong', sources)).toBe(false);
    expect(isReferenced('oof.tit', sources)).toBe(false);
    expect(isReferenced('footer.refresh', sources)).toBe(false);
  });

  it('reads a section handed to an alias as the section', () => {
    const sources = ['const f = t.signIn.failure;\nreturn f.wrongPassword;'];
    expect(isReferenced('signIn.failure.wrongPassword', sources)).toBe(true);
    expect(isReferenced('signIn.failure.noPassword', sources)).toBe(false);
  });

  it('walks function messages with placeholder values', () => {
    const found = leaves({ a: { b: (n: number) => `in ${n}` }, c: 'x' });
    expect(found).toEqual([
      { path: 'a.b', text: 'in 2' },
      { path: 'c', text: 'x' },
    ]);
  });
});

describe('ICU plurals', () => {
  it('say one second and forty seconds in English, and 초 in Korean', () => {
    expect(en.footer.busyRetrying(1)).toBe('Exchange is busy, retrying in 1 second');
    expect(en.footer.busyRetrying(40)).toBe('Exchange is busy, retrying in 40 seconds');
    expect(en.footer.retrying(1)).toBe('Could not update, retrying in 1 second');
    expect(ko.footer.busyRetrying(40)).toBe(
      'Exchange 서버가 사용 중입니다. 40초 후에 다시 시도합니다',
    );
  });

  it('count minutes in the free/busy summary', () => {
    expect(en.today.timelineSummary(1, 0, 90)).toBe(
      '1 minute busy, 0 minutes tentative, 90 minutes out of office',
    );
  });
});
