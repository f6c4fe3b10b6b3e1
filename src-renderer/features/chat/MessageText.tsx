/**
 * A message's plain text with its https links as `<a>` elements this window builds itself (never
 * HTML from the message). A click opens the link through the vetted opener, in a new tab that
 * cannot reach back into Beacon.
 */
import { openLinkInNewTab } from '../../bridge/open-link.js';
import { useMessages } from '../../store/context.js';
import { linkSegments } from './link-segments.js';

export function MessageText({ body }: { body: string }): React.JSX.Element {
  const t = useMessages();
  return (
    <span dir="auto" className="message-text">
      {linkSegments(body).map((segment, index) =>
        segment.kind === 'text' ? (
          // The segments of one body never reorder, so their index is a stable key.
          <span key={index}>{segment.text}</span>
        ) : (
          <a
            key={index}
            href={segment.href}
            target="_blank"
            rel="noopener noreferrer"
            title={t.chat.openLink(segment.href)}
            onClick={(event) => {
              event.preventDefault();
              openLinkInNewTab(segment.href, (url, target, features) =>
                window.open(url, target, features),
              );
            }}
          >
            {segment.text}
          </a>
        ),
      )}
    </span>
  );
}
