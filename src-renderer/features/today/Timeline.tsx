/**
 * The day's merged free/busy as a bar: one equal flex child per interval, coloured by class
 * (the CSP forbids inline styles), with hour labels every six hours of local time.
 */
import type { Timeline as TimelineData } from '../../../src-main/core/contract.js';
import { localHour } from '../../format/time.js';
import { useMessages } from '../../store/context.js';

const SLOT_CLASS = ['free', 'tentative', 'busy', 'oof', 'elsewhere', 'no-data'] as const;
const LABEL_EVERY_HOURS = 6;

export function Timeline({ timeline }: { timeline: TimelineData | null }): React.JSX.Element {
  const t = useMessages();
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
        {digits.map((digit, index) => (
          <span key={index} className={`slot slot-${SLOT_CLASS[digit] ?? 'no-data'}`} />
        ))}
      </div>
      <div className="timeline-labels" aria-hidden="true">
        {digits.map((_, index) => {
          const at = start + index * step;
          const previous = at - step;
          const hour = localHour(at);
          const labelled =
            index > 0 && hour % LABEL_EVERY_HOURS === 0 && localHour(previous) !== hour;
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
