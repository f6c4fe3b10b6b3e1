/**
 * Today's calendar items: time, subject, location, free/busy colour, and Join when possible.
 * A "now" marker sits between the items; the item in progress is highlighted and the ones that
 * have ended are dimmed. The agenda is the user's own calendar, so a private appointment shows
 * its real subject with a lock mark ("Private appointment" only when it has no subject).
 */
import type { AgendaItem } from '../../../src-main/core/contract.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { agendaNow, type ItemTime } from './agenda-now.js';
import { actionErrorText } from '../../format/action-error.js';
import { failureAudience } from '../settings/sign-in-text.js';
import { Isolated } from '../../format/Isolated.js';

function Item({ item, time }: { item: AgendaItem; time: ItemTime }): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const run = useApp((s) => s.run);
  const subject = item.subject === '' && item.isPrivate ? t.today.privateAppointment : item.subject;
  const classes = ['agenda-item', `fb-${item.freeBusy}`, `is-${time}`];
  if (item.isTentative) classes.push('is-tentative');
  if (item.isCancelled) classes.push('is-cancelled');
  return (
    <li className={classes.join(' ')} aria-current={time === 'current' ? 'time' : undefined}>
      <span className="fb-bar" aria-hidden="true" />
      <div className="agenda-time">
        {item.isAllDay ? (
          t.today.allDay
        ) : (
          <time dateTime={item.start}>{format.timeRange(item.start, item.end)}</time>
        )}
      </div>
      <div className="agenda-body">
        {/* Subjects and places are the mailbox's words, not the window's: not translated. */}
        <p className="agenda-subject" translate="no">
          {item.isPrivate && (
            // Drawn, not an emoji: a desktop without an emoji font would show a box.
            <svg
              className="lock"
              viewBox="0 0 12 14"
              width="10"
              height="12"
              role="img"
              aria-label={t.today.privateMark}
            >
              <path d="M3 6V4a3 3 0 0 1 6 0v2h1a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1zm1.5 0h3V4a1.5 1.5 0 0 0-3 0z" />
            </svg>
          )}
          <Isolated>{subject}</Isolated>
        </p>
        {item.location !== undefined && item.location !== '' && (
          <p className="agenda-location" translate="no">
            <Isolated>{item.location}</Isolated>
          </p>
        )}
        <p className="agenda-tags">
          <span className="sr-only">{t.today.freeBusy[item.freeBusy]}</span>
          {time === 'current' && <span className="tag tag-current">{t.today.current}</span>}
          {time === 'past' && !item.isCancelled && <span className="sr-only">{t.today.ended}</span>}
          {item.isTentative && <span className="tag">{t.today.tentative}</span>}
          {item.isCancelled && <span className="tag">{t.today.cancelled}</span>}
        </p>
      </div>
      {item.joinUrl !== undefined && !item.isCancelled && time !== 'past' && (
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

/** "Now 10:07 · next in 53 minutes": where the user is in the day, and how long until more. */
function NowMarker({ now, next }: { now: number; next?: AgendaItem }): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const time = format.time(new Date(now).toISOString());
  return (
    <li className="now-marker" data-testid="now-marker">
      <span>
        {next === undefined
          ? t.today.now(time)
          : t.today.nowNext(time, format.relative(next.start, now))}
      </span>
    </li>
  );
}

export function Agenda({ items, now }: { items: AgendaItem[]; now: number }): React.JSX.Element {
  const t = useMessages();
  const join = useApp((s) => s.actions.join);
  const account = useApp((s) => s.snapshot?.account);
  if (items.length === 0) return <p className="muted">{t.today.empty}</p>;
  const { times, markerBefore } = agendaNow(items, now);
  const rows: React.JSX.Element[] = [];
  items.forEach((item, index) => {
    if (index === markerBefore) rows.push(<NowMarker key="now" now={now} next={item} />);
    rows.push(<Item key={item.id} item={item} time={times[index] ?? 'upcoming'} />);
  });
  if (markerBefore === items.length) rows.push(<NowMarker key="now" now={now} />);
  return (
    <>
      <ol className="agenda" data-testid="agenda">
        {rows}
      </ol>
      {join.error !== undefined && (
        <p className="error" role="alert">
          {t.commandFailed(actionErrorText(join, t, failureAudience(account)))}
        </p>
      )}
    </>
  );
}
