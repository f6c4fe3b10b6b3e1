/**
 * The day's merged free/busy as a bar: one equal flex child per interval, coloured by class
 * (the CSP forbids inline styles), with hour labels every six hours of the viewer's day, from
 * the window's Formatter like every other time on screen.
 */
import type { Timeline as TimelineData } from '../../../src-main/core/contract.js';
import { useFormat, useMessages } from '../../store/context.js';

const SLOT_CLASS = ['free', 'tentative', 'busy', 'oof', 'elsewhere', 'no-data'] as const;
const LABEL_EVERY_HOURS = 6;

export function Timeline({
  timeline,
  now,
}: {
  timeline: TimelineData | null;
  now: number;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  if (timeline === null || timeline.slots === '')
    return <p className="muted">{t.today.noTimeline}</p>;

  const start = Date.parse(timeline.start);
  const step = timeline.intervalMinutes * 60_000;
  const digits = Array.from(timeline.slots, Number);
  const minutes = (digit: number): number =>
    digits.filter((d) => d === digit).length * timeline.intervalMinutes;
  const summary = t.today.timelineSummary(minutes(2), minutes(1), minutes(3));

  return (
    <div className="timeline" role="img" aria-label={t.today.timelineLabel(summary)}>
      <div className="timeline-bar">
        {digits.map((digit, index) => {
          const at = start + index * step;
          const isNow = now >= at && now < at + step;
          return (
            <span
              key={index}
              className={`slot slot-${SLOT_CLASS[digit] ?? 'no-data'}${isNow ? ' slot-now' : ''}`}
            />
          );
        })}
      </div>
      <div className="timeline-labels" aria-hidden="true" data-testid="timeline-labels">
        {digits.map((_, index) => {
          const at = start + index * step;
          const hour = format.hour(at);
          const labelled =
            index > 0 && hour % LABEL_EVERY_HOURS === 0 && format.hour(at - step) !== hour;
          return (
            <span key={index} className="timeline-label">
              {labelled ? String(hour) : ''}
            </span>
          );
        })}
      </div>
    </div>
  );
}
