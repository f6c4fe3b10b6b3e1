/**
 * An automatic reply, rendered from its sanitised HTML only. `translate="no"`: it is the user's
 * own text, not the window's (browser translators leave it alone, and the Korean test skips it).
 */
import { useMemo } from 'react';
import { sanitizeReply } from './sanitize.js';

export function ReplyHtml({ html }: { html: string }): React.JSX.Element {
  const clean = useMemo(() => sanitizeReply(html), [html]);
  // Safe: only DOMPurify's output, with the allow-list in sanitize.ts, reaches the DOM.
  // dir="auto" on a block of its own: the reply's direction is its own, isolated from the view.
  return (
    <div className="reply" dir="auto" translate="no" dangerouslySetInnerHTML={{ __html: clean }} />
  );
}
