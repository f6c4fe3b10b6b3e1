/**
 * The compact line under the header while automatic replies are on: "Automatic replies on ·
 * until Fri 18:00", the line itself opening the editor, and Turn off (replies being sent now
 * simply stop, so no confirmation is asked here; the view asks before cancelling a future one).
 */
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useNow } from '../../format/use-now.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { oofActive } from './schedule.js';
import '../../styles/oof.css';
import { actionErrorText } from '../../format/action-error.js';
import { failureAudience } from '../settings/sign-in-text.js';

export function OofLine({
  snapshot,
  onEdit,
}: {
  snapshot: Snapshot;
  onEdit: () => void;
}): React.JSX.Element | null {
  const t = useMessages();
  const format = useFormat();
  const now = useNow();
  const run = useApp((s) => s.run);
  const off = useApp((s) => s.actions['oof-off']);
  const { oof } = snapshot;
  const on = oof === null ? snapshot.presence.oof : oofActive(oof, now) || snapshot.presence.oof;
  if (!on) return null;
  const text =
    oof?.state === 'scheduled' && oof.end !== undefined
      ? t.oof.lineUntil(format.until(oof.end, now))
      : t.oof.lineOn;
  return (
    <div className="oof-line" role="status" data-testid="oof-line">
      <button type="button" className="oof-line-text" onClick={onEdit}>
        {text}
      </button>
      <button
        type="button"
        className="button"
        disabled={off.pending}
        aria-busy={off.pending}
        onClick={() => {
          void run('oof-off', { type: 'turn-oof-off' });
        }}
      >
        {off.pending ? t.oof.turningOff : t.oof.turnOff}
      </button>
      {off.error !== undefined && (
        <p className="error" role="alert">
          {t.commandFailed(actionErrorText(off, t, failureAudience(snapshot.account)))}
        </p>
      )}
    </div>
  );
}
