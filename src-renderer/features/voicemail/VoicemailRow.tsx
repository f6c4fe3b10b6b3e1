/** One line of the voicemail list: caller, number, when, length, unread dot, transcript's start. */
import type { VoicemailItem } from '../../../src-main/core/contract.js';
import { useFormat, useMessages } from '../../store/context.js';
import { Isolated } from '../../format/Isolated.js';
import {
  callerText,
  durationText,
  itemDuration,
  numberText,
  receivedText,
  transcriptFirstLine,
} from './voicemail-text.js';

export function VoicemailRow({
  item,
  now,
  index,
  total,
  top,
  measure,
  onOpen,
}: {
  item: VoicemailItem;
  now: number;
  /** Its place in the whole list (only the rows in sight are drawn). */
  index: number;
  total: number;
  /** Where the virtual list puts it, in px from the list's top. */
  top: number;
  measure: (element: HTMLLIElement | null) => void;
  onOpen: (id: string, row: HTMLButtonElement) => void;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const v = t.voicemail;
  const number = numberText(item);
  const duration = itemDuration(item);
  const firstLine = transcriptFirstLine(item.transcript);
  return (
    <li
      className="vm-item"
      ref={measure}
      data-index={index}
      aria-setsize={total}
      aria-posinset={index + 1}
      style={{ transform: `translateY(${String(top)}px)` }}
    >
      <button
        type="button"
        className={item.isRead ? 'vm-row' : 'vm-row vm-unread'}
        data-testid="voicemail-row"
        data-id={item.id}
        onClick={(event) => {
          onOpen(item.id, event.currentTarget);
        }}
      >
        <span className="vm-dot" aria-hidden="true" />
        {!item.isRead && <span className="sr-only">{v.unread}, </span>}
        <span className="vm-line">
          <Isolated className="vm-caller">{callerText(item, t)}</Isolated>
          <time
            className="vm-when"
            dateTime={item.receivedAt}
            title={format.dateTime(item.receivedAt)}
          >
            {receivedText(item.receivedAt, now, format)}
          </time>
        </span>
        <span className="vm-line vm-sub">
          {number !== undefined && <Isolated className="vm-number">{number}</Isolated>}
          {item.kind === 'protected' && <span className="tag vm-tag">{v.protectedMark}</span>}
          {item.kind === 'missed-call' && <span className="tag vm-tag">{v.missedCallMark}</span>}
          {duration !== undefined && item.kind !== 'missed-call' && (
            <span className="vm-duration">{durationText(duration)}</span>
          )}
        </span>
        {firstLine !== '' && <Isolated className="vm-first-line">{firstLine}</Isolated>}
      </button>
    </li>
  );
}
