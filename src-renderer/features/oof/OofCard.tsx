/** The automatic replies card: what is set, an editor, Save and Turn off with their progress. */
import { useState } from 'react';
import type { OofSnapshot, Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { formatDateTime } from '../../format/time.js';
import { OofEditor } from './OofEditor.js';
import { ReplyHtml } from './ReplyHtml.js';

function Summary({ oof }: { oof: OofSnapshot }): React.JSX.Element {
  const t = useMessages();
  const schedule =
    oof.state === 'scheduled' && oof.start !== undefined && oof.end !== undefined
      ? t.oof.scheduled(formatDateTime(oof.start), formatDateTime(oof.end))
      : undefined;
  return (
    <dl className="oof-summary">
      <dt>{t.oof.stateLabel}</dt>
      <dd data-testid="oof-state">
        {t.oof.state[oof.state]}
        {schedule !== undefined && <span className="schedule">{schedule}</span>}
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

export function OofCard({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const off = useApp((s) => s.actions['oof-off']);
  const [editing, setEditing] = useState(false);
  const { oof } = snapshot;

  return (
    <section className="card" aria-labelledby="oof-title">
      <div className="card-head">
        <h2 id="oof-title">{t.oof.title}</h2>
        {oof !== null && !editing && (
          <div className="card-actions">
            {oof.state !== 'disabled' && (
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
            )}
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
        )}
      </div>
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
        <Summary oof={oof} />
      )}
      {off.error !== undefined && !editing && (
        <p className="error" role="alert">
          {t.commandFailed(off.error)}
        </p>
      )}
    </section>
  );
}
