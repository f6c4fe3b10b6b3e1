/**
 * Automatic replies as their own view: what is set now, Turn off, and the editor. Turning off a
 * schedule that has not started says first what it will do (it cancels those replies) and asks
 * in the page; replies being sent now simply stop.
 */
import { useState } from 'react';
import type { OofSnapshot, Snapshot } from '../../../src-main/core/contract.js';
import { useNow } from '../../format/use-now.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { ViewHead } from '../nav/ViewHead.js';
import { OofEditor } from './OofEditor.js';
import { ReplyHtml } from './ReplyHtml.js';
import { turnOffEffect } from './schedule.js';
import '../../styles/oof.css';
import { actionErrorText } from '../../format/action-error.js';
import { failureAudience } from '../settings/sign-in-text.js';

function Summary({ oof }: { oof: OofSnapshot }): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const schedule =
    oof.state === 'scheduled' && oof.start !== undefined && oof.end !== undefined
      ? t.oof.scheduled(format.dateTime(oof.start), format.dateTime(oof.end))
      : undefined;
  return (
    <dl className="oof-summary">
      <dt>{t.oof.stateLabel}</dt>
      <dd data-testid="oof-state">
        {t.oof.state[oof.state]}
        {schedule !== undefined && (
          <span className="schedule" data-testid="oof-schedule">
            {schedule}
          </span>
        )}
      </dd>
      <dt>{t.oof.audienceLabel}</dt>
      <dd>{t.oof.audience[oof.externalAudience]}</dd>
      <dt>{t.oof.internalLabel}</dt>
      <dd data-testid="oof-internal">
        {oof.internalReply === '' ? t.oof.emptyMessage : <ReplyHtml html={oof.internalReply} />}
      </dd>
      <dt>{t.oof.externalLabel}</dt>
      <dd data-testid="oof-external">
        {oof.externalReply === '' ? t.oof.emptyMessage : <ReplyHtml html={oof.externalReply} />}
      </dd>
    </dl>
  );
}

function TurnOff({ oof }: { oof: OofSnapshot }): React.JSX.Element | null {
  const t = useMessages();
  const format = useFormat();
  const now = useNow();
  const run = useApp((s) => s.run);
  const off = useApp((s) => s.actions['oof-off']);
  const [asking, setAsking] = useState(false);
  const effect = turnOffEffect(oof, now);
  if (effect.kind === 'nothing') return null;
  const turnOff = (): void => {
    void run('oof-off', { type: 'turn-oof-off' }).then(() => {
      setAsking(false);
    });
  };
  if (asking && effect.kind === 'cancel-future')
    return (
      <div className="confirm" role="alertdialog" aria-labelledby="oof-confirm-text">
        <p id="oof-confirm-text">
          {t.oof.confirmTurnOffFuture(format.dateTime(effect.start), format.dateTime(effect.end))}
        </p>
        <div className="card-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={off.pending}
            onClick={turnOff}
          >
            {off.pending ? t.oof.turningOff : t.oof.turnOff}
          </button>
          {/* Focus lands on the safe choice, so Enter by habit keeps the schedule. */}
          <button
            type="button"
            className="button"
            autoFocus
            onClick={() => {
              setAsking(false);
            }}
          >
            {t.oof.keepSchedule}
          </button>
        </div>
      </div>
    );
  return (
    <button
      type="button"
      className="button"
      disabled={off.pending}
      aria-busy={off.pending}
      onClick={() => {
        if (effect.kind === 'cancel-future') setAsking(true);
        else turnOff();
      }}
    >
      {off.pending ? t.oof.turningOff : t.oof.turnOff}
    </button>
  );
}

export function OofView({
  snapshot,
  onClose,
}: {
  snapshot: Snapshot;
  onClose: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const off = useApp((s) => s.actions['oof-off']);
  const [editing, setEditing] = useState(false);
  const { oof } = snapshot;

  return (
    <section className="oof-view" aria-labelledby="oof-title">
      <ViewHead titleId="oof-title" title={t.oof.title} backLabel={t.oof.back} onBack={onClose} />
      {oof === null ? (
        <p className="muted">{t.oof.notLoaded}</p>
      ) : editing ? (
        <OofEditor
          oof={oof}
          onDone={() => {
            setEditing(false);
          }}
        />
      ) : (
        <>
          <Summary oof={oof} />
          <div className="card-actions">
            <TurnOff oof={oof} />
            <button
              type="button"
              className="button"
              onClick={() => {
                setEditing(true);
              }}
            >
              {t.oof.edit}
            </button>
          </div>
        </>
      )}
      {off.error !== undefined && !editing && (
        <p className="error" role="alert">
          {t.commandFailed(actionErrorText(off, t, failureAudience(snapshot.account)))}
        </p>
      )}
    </section>
  );
}
