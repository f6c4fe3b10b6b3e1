/** The tray window: header, OOF banner, automatic replies, today, footer. */
import { Header } from './features/header/Header.js';
import { OofBanner } from './features/oof/OofBanner.js';
import { OofCard } from './features/oof/OofCard.js';
import { Footer } from './features/footer/Footer.js';
import { TodayCard } from './features/today/TodayCard.js';
import { useApp, useMessages } from './store/context.js';

export function App(): React.JSX.Element {
  const t = useMessages();
  const snapshot = useApp((s) => s.snapshot);
  if (snapshot === undefined)
    return (
      <main className="window loading">
        <p role="status">{t.loading}</p>
      </main>
    );
  return (
    <div className="window">
      <Header snapshot={snapshot} />
      <main className="content">
        {snapshot.presence.oof && <OofBanner />}
        {snapshot.warnings.map((warning) => (
          <p key={warning} className="warning" role="alert">
            {warning}
          </p>
        ))}
        <TodayCard snapshot={snapshot} />
        <OofCard snapshot={snapshot} />
      </main>
      <Footer snapshot={snapshot} />
    </div>
  );
}
