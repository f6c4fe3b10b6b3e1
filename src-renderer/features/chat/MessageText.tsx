/**
 * A message's plain text with its https links as `<a>` elements this window builds itself (never
 * HTML from the message). A click asks the core to open it (`open-message-link`): the core checks
 * the link against the message and the Join rule, then the shell's vetted opener opens it (the
 * system browser, or a new tab that cannot reach back into Beacon).
 */
import { isOpenableLink } from '../../bridge/open-link.js';
import { useMessages } from '../../store/context.js';
import { linkSegments } from './link-segments.js';

export function MessageText({
  body,
  onOpenLink,
}: {
  body: string;
  onOpenLink: (url: string) => void;
}): React.JSX.Element {
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
              if (isOpenableLink(segment.href)) onOpenLink(segment.href);
            }}
          >
            {segment.text}
          </a>
        ),
      )}
    </span>
  );
}
