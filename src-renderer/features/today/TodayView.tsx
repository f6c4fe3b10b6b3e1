/** The Today view: the free/busy bar and the agenda, redrawn every minute as "now" moves. */
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useNow } from '../../format/use-now.js';
import { useMessages } from '../../store/context.js';
import { Agenda } from './Agenda.js';
import { Timeline } from './Timeline.js';
import '../../styles/today.css';

export function TodayView({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const now = useNow();
  return (
    <section className="today" aria-labelledby="today-title">
      {/* The tab already says "Today" on screen; the heading is for screen readers. */}
      <h2 id="today-title" className="sr-only">
        {t.today.title}
      </h2>
      <Timeline timeline={snapshot.timeline} now={now} />
      <Agenda items={snapshot.agenda} now={now} />
    </section>
  );
}
