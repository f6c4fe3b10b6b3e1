/**
 * How Beacon reaches the mailbox (automatic, EWS or Microsoft Graph) with why it matters, and
 * whether Beacon's presence is shown in Teams. Each control saves as it changes. Graph chosen for
 * an account that signs in with a password says so here, with the two ways out (sign in with
 * Microsoft, or Automatic again); the Teams switch says whether Teams takes Beacon's status.
 */
import { useId, useState } from 'react';
import type { BackendChoice, Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { CommandError } from './CommandError.js';
import { keychainOffered } from './settings-forms.js';
import { teamsStatusLine } from './teams-status-text.js';

const CHOICES: readonly BackendChoice[] = ['automatic', 'ews', 'graph'];

export function ProtocolSettings({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions.settings);
  const oauth = useApp((s) => s.actions['sign-in-oauth']);
  const [savedAt, setSavedAt] = useState<number | undefined>();
  const headingId = useId();
  const selectId = useId();
  const explanationId = useId();
  const teamsId = useId();
  const teamsHintId = useId();
  const needsOAuthId = useId();
  const choice = snapshot.settings.account.backend ?? 'automatic';
  const publishToTeams = snapshot.settings.presence.publishToTeams !== false;
  const { account } = snapshot;
  // The demo runs on either protocol too (it follows the choice), so it says which one; an
  // account says it only once it is connected.
  const inUse =
    account.mode === 'signed-out' || account.signIn !== 'signed-in' ? undefined : account.protocol;
  const needsOAuth =
    account.mode === 'exchange' &&
    account.signIn !== 'signed-in' &&
    (account.failure?.reason === 'graph-needs-oauth' ||
      snapshot.connection.failure?.reason === 'graph-needs-oauth');
  const teamsLine = publishToTeams
    ? teamsStatusLine(snapshot.teams, t, (iso) => format.time(iso))
    : undefined;
  const labels: Record<BackendChoice, string> = {
    automatic: t.protocol.automatic,
    ews: t.protocol.ews,
    graph: t.protocol.graph,
  };

  const save = (settings: Parameters<typeof run>[1]): void => {
    setSavedAt(undefined);
    void run('settings', settings).then((ok) => {
      if (ok) setSavedAt(Date.now());
    });
  };

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t.protocol.title}</h3>
      <div className="settings-form">
        <div className="field">
          <label htmlFor={selectId}>{t.protocol.label}</label>
          <select
            id={selectId}
            value={choice}
            aria-describedby={explanationId}
            disabled={action.pending}
            data-testid="protocol-choice"
            onChange={(event) => {
              const backend = CHOICES.find((c) => c === event.target.value);
              if (backend !== undefined && backend !== choice)
                save({ type: 'update-settings', settings: { account: { backend } } });
            }}
          >
            {CHOICES.map((c) => (
              <option key={c} value={c}>
                {labels[c]}
              </option>
            ))}
          </select>
        </div>
        <p id={explanationId} className="hint">
          {t.protocol.explanation}
        </p>
        {inUse !== undefined && (
          <p className="muted" data-testid="protocol-in-use">
            {t.protocol.inUse(inUse === 'graph' ? t.protocol.graphName : t.protocol.ewsName)}
          </p>
        )}
        {needsOAuth && (
          <div role="group" aria-labelledby={needsOAuthId} data-testid="graph-needs-oauth">
            <p id={needsOAuthId} className="error" role="alert">
              {t.protocol.needsOAuth}
            </p>
            <div className="panel-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={oauth.pending}
                aria-busy={oauth.pending}
                onClick={() => {
                  void run('sign-in-oauth', {
                    type: 'sign-in-oauth',
                    mailbox: account.mailbox,
                    flow: 'browser',
                    remember: keychainOffered(snapshot.keychain),
                  });
                }}
              >
                {t.protocol.signInWithMicrosoft}
              </button>
              <button
                type="button"
                className="button"
                disabled={action.pending}
                onClick={() => {
                  save({
                    type: 'update-settings',
                    settings: { account: { backend: 'automatic' } },
                  });
                }}
              >
                {t.protocol.useAutomatic}
              </button>
            </div>
          </div>
        )}
        <div className="check">
          <input
            id={teamsId}
            type="checkbox"
            checked={publishToTeams}
            aria-describedby={teamsHintId}
            disabled={action.pending}
            onChange={(event) => {
              save({
                type: 'update-settings',
                settings: { presence: { publishToTeams: event.target.checked } },
              });
            }}
          />
          <label htmlFor={teamsId}>{t.protocol.publishToTeams}</label>
        </div>
        <p id={teamsHintId} className="hint">
          {t.protocol.teamsHint}
        </p>
        <p
          className={teamsLine?.failing === true ? 'error' : 'muted'}
          role="status"
          data-testid="teams-status"
          data-state={snapshot.teams?.publishing ?? 'off'}
        >
          {teamsLine?.text ?? ''}
        </p>
        <span className="muted" role="status">
          {savedAt !== undefined && !action.pending ? t.protocol.saved : ''}
        </span>
        <CommandError action={action} testId="protocol-error" />
      </div>
    </section>
  );
}
