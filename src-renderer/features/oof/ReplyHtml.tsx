/**
 * An automatic reply, rendered from its sanitised HTML only. `translate="no"`: it is the user's
 * own text, not the window's (browser translators leave it alone, and the Korean test skips it).
 */
import { useMemo } from 'react';
import { sanitizeReply } from './sanitize.js';

export function ReplyHtml({ html }: { html: string }): React.JSX.Element {
  const clean = useMemo(() => sanitizeReply(html), [html]);
  // Safe: only DOMPurify's output, with the allow-list in sanitize.ts, reaches the DOM.
  return <div className="reply" translate="no" dangerouslySetInnerHTML={{ __html: clean }} />;
}
