/**
 * The conversation's messages, virtualised: only the rows in and near sight are in the DOM, so
 * ten thousand messages scroll like ten. It opens at the newest message, stays there as messages
 * arrive while the user is at the end, and keeps the row in sight still when earlier ones load
 * above it. "Load earlier messages" is the first row while there are earlier ones.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ChatMessage } from '../../../src-main/core/contract.js';
import { useFormat, useMessages } from '../../store/context.js';
import { messageTime } from './message-time.js';
import { MessageText } from './MessageText.js';
import { tickMark } from './ticks.js';

const LOAD_EARLIER = 'load-earlier';

export function MessageList({
  messages,
  hasEarlier,
  loadingEarlier,
  peerName,
  now,
  onLoadEarlier,
  onOpenLink,
}: {
  messages: readonly ChatMessage[];
  hasEarlier: boolean;
  loadingEarlier: boolean;
  peerName: string;
  now: number;
  onLoadEarlier: () => void;
  onOpenLink: (messageId: string, url: string) => void;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const scroller = useRef<HTMLDivElement>(null);
  const offset = hasEarlier ? 1 : 0;
  const count = messages.length + offset;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => 52,
    overscan: 6,
    getItemKey: (index) =>
      index < offset ? LOAD_EARLIER : (messages[index - offset]?.id ?? String(index)),
    anchorTo: 'end',
    followOnAppend: true,
  });

  // Opens at the newest message.
  useEffect(() => {
    if (count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
    // Only when the list first shows: later, anchoring and following keep the place.
  }, []);

  if (messages.length === 0 && !hasEarlier)
    return (
      <div className="message-scroller empty" data-testid="messages">
        <p className="muted">{t.chat.empty}</p>
      </div>
    );

  return (
    <div
      ref={scroller}
      className="message-scroller"
      data-testid="messages"
      tabIndex={0}
      role="region"
      aria-label={t.chat.messagesLabel}
    >
      <div
        role="list"
        aria-label={t.chat.messagesLabel}
        className="message-canvas"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const style = { transform: `translateY(${String(item.start)}px)` };
          if (item.index < offset)
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="message-row load-earlier"
                role="listitem"
                style={style}
              >
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={loadingEarlier}
                  aria-busy={loadingEarlier}
                  onClick={onLoadEarlier}
                >
                  {loadingEarlier ? t.chat.loadingEarlier : t.chat.loadEarlier}
                </button>
              </div>
            );
          const message = messages[item.index - offset];
          if (message === undefined) return null;
          const mine = message.direction === 'out';
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              data-testid="message"
              data-direction={message.direction}
              data-state={message.state}
              className={`message-row ${mine ? 'out' : 'in'}`}
              role="listitem"
              aria-setsize={messages.length}
              aria-posinset={item.index - offset + 1}
              style={style}
            >
              <div className={`bubble${message.state === 'failed' ? ' failed' : ''}`}>
                <span className="sr-only">{mine ? t.chat.you : peerName}: </span>
                <MessageText
                  body={message.body}
                  onOpenLink={(url) => {
                    onOpenLink(message.id, url);
                  }}
                />
                <span className="message-meta">
                  <time dateTime={message.at}>{messageTime(message.at, now, format)}</time>
                  {mine && (
                    <span
                      className={`tick tick-${message.state}`}
                      data-testid="tick"
                      role="img"
                      aria-label={t.chat.state[message.state]}
                      title={t.chat.state[message.state]}
                    >
                      {tickMark(message.state)}
                    </span>
                  )}
                </span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
