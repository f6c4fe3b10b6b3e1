/**
 * A chat message's plain text cut into text and links, so the window can build its own `<a>`
 * elements and never render HTML. Only https links with a host and no credentials become links
 * (the same rule as the opener's); `javascript:`, `data:`, `http:`, bare domains and e-mail
 * addresses stay text. Pure.
 */
import { find } from 'linkifyjs';
import { isOpenableLink } from '../../bridge/open-link.js';

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** Links as typed must say `https://` themselves: "example.com" is not made into a guess. */
function isTypedHttps(value: string): boolean {
  return /^https:\/\//i.test(value);
}

export function linkSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  const pushText = (value: string): void => {
    if (value === '') return;
    const last = segments.at(-1);
    if (last?.kind === 'text') last.text += value;
    else segments.push({ kind: 'text', text: value });
  };
  for (const found of find(text, 'url')) {
    if (!isTypedHttps(found.value) || !isOpenableLink(found.href)) continue;
    pushText(text.slice(at, found.start));
    segments.push({ kind: 'link', text: found.value, href: new URL(found.href).href });
    at = found.end;
  }
  pushText(text.slice(at));
  return segments;
}
