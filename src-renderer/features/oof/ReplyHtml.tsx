/** An automatic reply, rendered from its sanitised HTML only. */
import { useMemo } from 'react';
import { sanitizeReply } from './sanitize.js';

export function ReplyHtml({ html }: { html: string }): React.JSX.Element {
  const clean = useMemo(() => sanitizeReply(html), [html]);
  // Safe: only DOMPurify's output, with the allow-list in sanitize.ts, reaches the DOM.
  return <div className="reply" dangerouslySetInnerHTML={{ __html: clean }} />;
}
