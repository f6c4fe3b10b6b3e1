/** Today's calendar items: time, subject, location, free/busy colour, and Join when possible. */
import type { AgendaItem } from '../../../src-main/core/contract.js';
import { formatTime } from '../../format/time.js';
import { useApp, useMessages } from '../../store/context.js';

function Item({ item }: { item: AgendaItem }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const subject = item.isPrivate ? t.today.privateAppointment : item.subject;
  const classes = ['agenda-item', `fb-${item.freeBusy}`];
  if (item.isTentative) classes.push('is-tentative');
  if (item.isCancelled) classes.push('is-cancelled');
  return (
    <li className={classes.join(' ')}>
      <span className="fb-bar" aria-hidden="true" />
      <div className="agenda-time">
        {item.isAllDay ? (
          t.today.allDay
        ) : (
          <>
            <time dateTime={item.start}>{formatTime(item.start)}</time>
            <span aria-hidden="true">–</span>
            <time dateTime={item.end}>{formatTime(item.end)}</time>
          </>
        )}
      </div>
      <div className="agenda-body">
        <p className="agenda-subject">{subject}</p>
        {!item.isPrivate && item.location !== undefined && item.location !== '' && (
          <p className="agenda-location">{item.location}</p>
        )}
        <p className="agenda-tags">
          <span className="sr-only">{t.today.freeBusy[item.freeBusy]}</span>
          {item.isTentative && <span className="tag">{t.today.tentative}</span>}
          {item.isCancelled && <span className="tag">{t.today.cancelled}</span>}
        </p>
      </div>
      {item.joinUrl !== undefined && !item.isCancelled && (
        <button
          type="button"
          className="button join"
          aria-label={t.today.joinLabel(subject)}
          onClick={() => {
            void run('join', { type: 'open-join-link', itemId: item.id });
          }}
        >
          {t.today.join}
        </button>
      )}
    </li>
  );
}

export function Agenda({ items }: { items: AgendaItem[] }): React.JSX.Element {
  const t = useMessages();
  const join = useApp((s) => s.actions.join);
  if (items.length === 0) return <p className="muted">{t.today.empty}</p>;
  return (
    <>
      <ol className="agenda" data-testid="agenda">
        {items.map((item) => (
          <Item key={item.id} item={item} />
        ))}
      </ol>
      {join.error !== undefined && (
        <p className="error" role="alert">
          {t.commandFailed(join.error)}
        </p>
      )}
    </>
  );
}
