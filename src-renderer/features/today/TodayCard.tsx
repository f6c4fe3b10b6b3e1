/** The "Today" card: the free/busy bar and the agenda. */
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useMessages } from '../../store/context.js';
import { Agenda } from './Agenda.js';
import { Timeline } from './Timeline.js';

export function TodayCard({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  return (
    <section className="card" aria-labelledby="today-title">
      <div className="card-head">
        <h2 id="today-title">{t.today.title}</h2>
      </div>
      <Timeline timeline={snapshot.timeline} />
      <Agenda items={snapshot.agenda} />
    </section>
  );
}
