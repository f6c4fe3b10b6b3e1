/** "Alex Wilber" → "AW"; an address → its first letter; never empty. */
export function initialsOf(name: string): string {
  const words = name
    .replace(/@.*$/, '')
    .split(/[\s._-]+/)
    .filter((w) => w !== '');
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1);
  const result = letters
    .map((w) => Array.from(w ?? '')[0] ?? '')
    .join('')
    .toUpperCase();
  return result === '' ? '?' : result;
}
