/** Shown while automatic replies are on, with the quickest way to turn them off. */
import { useApp, useMessages } from '../../store/context.js';

export function OofBanner(): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const off = useApp((s) => s.actions['oof-off']);
  return (
    <div className="banner" role="status" data-testid="oof-banner">
      <span>{t.oof.banner}</span>
      <button
        type="button"
        className="button"
        disabled={off.pending}
        onClick={() => {
          void run('oof-off', { type: 'turn-oof-off' });
        }}
      >
        {off.pending ? t.oof.turningOff : t.oof.turnOff}
      </button>
    </div>
  );
}
