/**
 * The Electron main bundle (out/main, from `npm run build`, which `npm test` runs first) carries
 * zod itself with English messages only: loaded from node_modules, zod imports all 64 of its
 * locale files every time, though Beacon never leaves its English default.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const mainDir = join(root, 'out/main');

function builtMain(): string {
  const index = join(mainDir, 'index.js');
  if (!existsSync(index)) throw new Error(`${index} is missing: run \`npm run build\` first`);
  const chunks = join(mainDir, 'chunks');
  const files = existsSync(chunks)
    ? readdirSync(chunks)
        .filter((name) => name.endsWith('.js'))
        .map((name) => join(chunks, name))
    : [];
  return [index, ...files].map((file) => readFileSync(file, 'utf8')).join('\n');
}

/** A message of zod's own locale file, as the locale writes it. */
function zodMessage(locale: string, pattern: RegExp): string {
  const text = readFileSync(join(root, 'node_modules/zod/v4/locales', `${locale}.js`), 'utf8');
  const found = pattern.exec(text)?.[0];
  if (found === undefined) throw new Error(`zod's ${locale} locale changed`);
  return found;
}

describe('the main bundle and zod', () => {
  const code = builtMain();

  it('bundles zod instead of importing it from node_modules', () => {
    expect(code).not.toMatch(/\bfrom\s*["']zod(\/[^"']*)?["']/);
    expect(code).not.toMatch(/\b(require|import)\(\s*["']zod(\/[^"']*)?["']\s*\)/);
    expect(code).toContain('ZodError');
  });

  it("keeps zod's English messages and none of its other locales", () => {
    expect(code).toContain(zodMessage('en', /Invalid input: expected/));
    for (const [locale, pattern] of [
      ['de', /Ungültige Eingabe: erwartet/],
      ['ko', /잘못된 입력: 예상/],
      ['fr', /Entrée invalide : [a-zé]+/],
      ['ja', /無効な入力/],
    ] as const)
      expect(code, locale).not.toContain(zodMessage(locale, pattern));
  });
});
