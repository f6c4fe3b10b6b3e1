/**
 * The Snapshot's warnings as sentences: every kind has one in English and in Korean, the values
 * the core sent (a file name, an errno code) appear as they are, and nothing of the kind's own
 * name or the core's English leaks into the Korean window.
 */
import { describe, expect, it } from 'vitest';
import type { Warning } from '../../../src-main/core/contract.js';
import { warningKey, warningText } from '../../../src-renderer/features/nav/warning-text.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';
import { englishWords } from '../../support/catalogue.js';

const HANGUL = /[\uac00-\ud7a3]/;
const KEPT_AS = 'settings.json.corrupt-2026-11-27T09-00-00-000Z';

/** One of each kind; the Record makes a new kind without an example a type error here. */
const EXAMPLES: Record<Warning['kind'], Warning> = {
  'settings-unreadable': { kind: 'settings-unreadable', code: 'EACCES' },
  'settings-damaged': { kind: 'settings-damaged', keptAs: KEPT_AS },
  'secrets-removed': { kind: 'secrets-removed' },
};

describe('warningText', () => {
  it('words every kind as a distinct sentence in English and in Korean', () => {
    for (const t of [en, ko]) {
      const sentences = Object.values(EXAMPLES).map((w) => warningText(w, t));
      expect(new Set(sentences).size).toBe(sentences.length);
      for (const sentence of sentences) {
        expect(sentence).toMatch(/[.다]$/);
        expect(sentence).not.toMatch(
          /settings-damaged|settings-unreadable|secrets-removed|undefined/,
        );
      }
    }
  });

  it('says in English what happened and what Beacon did about it', () => {
    expect(warningText(EXAMPLES['settings-damaged'], en)).toBe(
      `The settings file was damaged and kept as ${KEPT_AS}; defaults are in use.`,
    );
    expect(warningText(EXAMPLES['settings-unreadable'], en)).toBe(
      'The settings file could not be read (EACCES); defaults are in use.',
    );
    expect(warningText(EXAMPLES['secrets-removed'], en)).toBe(
      'A password was found in the settings file and removed: Beacon keeps passwords in the system keychain.',
    );
  });

  it('says it in Korean, with the file name and the code as they are', () => {
    expect(warningText(EXAMPLES['settings-damaged'], ko)).toBe(
      `손상된 설정 파일을 ${KEPT_AS} 이름으로 보관하고 기본 설정을 사용합니다.`,
    );
    expect(warningText(EXAMPLES['settings-unreadable'], ko)).toContain('(EACCES)');
    for (const warning of Object.values(EXAMPLES)) {
      const sentence = warningText(warning, ko);
      expect(sentence).toMatch(HANGUL);
      // Only the values from the core and product names may be in Latin letters.
      const values = Object.values(warning).join(' ');
      const stray = englishWords(sentence).filter((word) => !values.includes(word));
      expect(stray).toEqual([]);
    }
  });
});

describe('warningKey', () => {
  it('is the same for equal warnings, whatever the key order, and differs otherwise', () => {
    expect(warningKey({ kind: 'settings-damaged', keptAs: 'a' })).toBe(
      warningKey(JSON.parse('{"keptAs":"a","kind":"settings-damaged"}') as Warning),
    );
    expect(warningKey({ kind: 'settings-damaged', keptAs: 'a' })).not.toBe(
      warningKey({ kind: 'settings-damaged', keptAs: 'b' }),
    );
    expect(warningKey({ kind: 'secrets-removed' })).not.toBe(
      warningKey({ kind: 'settings-unreadable', code: 'EIO' }),
    );
  });
});
