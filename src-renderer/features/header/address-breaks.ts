/**
 * Where a long address may wrap: after "@" and after each dot inside it, so that
 * "alexandra.wilber-longname@subsidiary.contoso.com" breaks as "alexandra.|wilber-longname@|
 * subsidiary.|contoso.com" rather than in the middle of a word. Text around it is left whole.
 */
export function addressParts(text: string): string[] {
  // A break after "@" or "." that has more of the token after it (not a sentence's full stop).
  return text.split(/(?<=[@.])(?=[^\s.@])/u);
}
