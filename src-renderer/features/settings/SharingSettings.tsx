/**
 * Settings › Share presence: the local API (on/off, port, open read, browser origins), its token
 * (Show, Copy, Regenerate) and, below, the webhook and MQTT forms passed in as children. The token
 * is asked for only when the user wants to see or copy it, and forgotten when the view closes.
 */
import { useId, useState, type ReactNode } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { CommandError } from './CommandError.js';
import {
  API_PORT_MAX,
  API_PORT_MIN,
  MAX_CORS_ORIGINS,
  apiFormFrom,
  apiPatchFrom,
  apiStateLine,
  type ApiForm,
  type ApiFormProblem,
} from './sharing-forms.js';

export function SharingSettings({
  snapshot,
  children,
}: {
  snapshot: Snapshot;
  /** The webhook and MQTT forms, each its own component, shown under the local API. */
  children?: ReactNode;
}): React.JSX.Element {
  const t = useMessages();
  const headingId = useId();
  return (
    <section
      className="settings-section sharing-settings"
      aria-labelledby={headingId}
      data-testid="sharing-settings"
    >
      <h3 id={headingId}>{t.sharing.title}</h3>
      <p className="hint">{t.sharing.intro}</p>
      <ApiSettings snapshot={snapshot} />
      {children}
    </section>
  );
}

function ApiSettings({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const action = useApp((s) => s.actions.sharing);
  const current = snapshot.settings.sharing.api;
  const [form, setForm] = useState<ApiForm>(() => apiFormFrom(current));
  const [problem, setProblem] = useState<ApiFormProblem | undefined>();
  const [savedAt, setSavedAt] = useState<number | undefined>();
  const ids = {
    heading: useId(),
    enabled: useId(),
    port: useId(),
    portHint: useId(),
    openRead: useId(),
    openReadHint: useId(),
    origins: useId(),
    originsHint: useId(),
    problem: useId(),
  };
  const line = apiStateLine(snapshot.sharing.api, current.port);
  const stateText =
    line.kind === 'off'
      ? t.sharing.stateOff
      : line.kind === 'listening'
        ? t.sharing.stateListening(line.url)
        : line.kind === 'port-in-use'
          ? t.sharing.statePortInUse(line.port)
          : t.sharing.stateFailed;

  const change = (next: Partial<ApiForm>): void => {
    setForm({ ...form, ...next });
    setProblem(undefined);
    setSavedAt(undefined);
    clearError('sharing');
  };

  const submit = (event: React.SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const result = apiPatchFrom(form, current);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    if (result.patch === undefined) return;
    void run('sharing', {
      type: 'update-settings',
      settings: { sharing: { api: result.patch } },
    }).then((ok) => {
      if (ok) setSavedAt(Date.now());
    });
  };

  const problemText =
    problem === undefined
      ? undefined
      : problem.field === 'port'
        ? t.sharing.portInvalid(API_PORT_MIN, API_PORT_MAX)
        : 'origin' in problem
          ? t.sharing.originInvalid(problem.origin)
          : t.sharing.originsTooMany(MAX_CORS_ORIGINS);

  return (
    <div
      className="sharing-part"
      aria-labelledby={ids.heading}
      role="group"
      data-testid="sharing-api"
    >
      <h4 id={ids.heading}>{t.sharing.apiTitle}</h4>
      <p
        className={line.kind === 'port-in-use' || line.kind === 'failed' ? 'error' : 'muted'}
        role="status"
        data-testid="sharing-api-state"
      >
        {stateText}
      </p>
      <form className="settings-form" noValidate onSubmit={submit}>
        <div className="check">
          <input
            id={ids.enabled}
            type="checkbox"
            checked={form.enabled}
            onChange={(event) => {
              change({ enabled: event.target.checked });
            }}
          />
          <label htmlFor={ids.enabled}>{t.sharing.apiEnabled}</label>
        </div>
        <div className="field">
          <label htmlFor={ids.port}>{t.sharing.port}</label>
          <input
            id={ids.port}
            type="number"
            inputMode="numeric"
            min={API_PORT_MIN}
            max={API_PORT_MAX}
            step={1}
            aria-invalid={problem?.field === 'port'}
            aria-describedby={
              problem?.field === 'port' ? `${ids.problem} ${ids.portHint}` : ids.portHint
            }
            value={form.port}
            onChange={(event) => {
              change({ port: event.target.value });
            }}
          />
          <span id={ids.portHint} className="hint">
            {t.sharing.portHint(API_PORT_MIN, API_PORT_MAX)}
          </span>
        </div>
        <div className="check">
          <input
            id={ids.openRead}
            type="checkbox"
            checked={form.openRead}
            aria-describedby={ids.openReadHint}
            onChange={(event) => {
              change({ openRead: event.target.checked });
            }}
          />
          <label htmlFor={ids.openRead}>{t.sharing.openRead}</label>
        </div>
        <p id={ids.openReadHint} className="hint">
          {t.sharing.openReadHint}
        </p>
        <div className="field">
          <label htmlFor={ids.origins}>{t.sharing.origins}</label>
          <textarea
            id={ids.origins}
            rows={2}
            spellCheck={false}
            autoCapitalize="off"
            aria-invalid={problem?.field === 'origins'}
            aria-describedby={
              problem?.field === 'origins' ? `${ids.problem} ${ids.originsHint}` : ids.originsHint
            }
            value={form.origins}
            onChange={(event) => {
              change({ origins: event.target.value });
            }}
          />
          <span id={ids.originsHint} className="hint">
            {t.sharing.originsHint}
          </span>
        </div>
        {problemText !== undefined && (
          <p id={ids.problem} className="error" role="alert">
            {problemText}
          </p>
        )}
        <div className="panel-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={action.pending}
            aria-busy={action.pending}
          >
            {action.pending ? t.settings.saving : t.settings.save}
          </button>
          <span className="muted" role="status">
            {savedAt !== undefined && !action.pending ? t.settings.saved : ''}
          </span>
        </div>
        <CommandError action={action} testId="sharing-error" />
      </form>
      <TokenControls hint={snapshot.sharing.api.tokenHint} />
    </div>
  );
}

function TokenControls({ hint }: { hint: string | undefined }): React.JSX.Element {
  const t = useMessages();
  const runForSecret = useApp((s) => s.runForSecret);
  const action = useApp((s) => s.actions['sharing-token']);
  const [shown, setShown] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<'copied' | 'copyFailed' | 'regenerated' | undefined>();
  const headingId = useId();
  const valueId = useId();

  const reveal = async (): Promise<string | undefined> =>
    runForSecret('sharing-token', { type: 'reveal-presence-api-token' });

  const copy = async (): Promise<void> => {
    setNote(undefined);
    const token = shown ?? (await reveal());
    if (token === undefined) return;
    try {
      await navigator.clipboard.writeText(token);
      setNote('copied');
    } catch {
      setNote('copyFailed');
      setShown(token);
    }
  };

  const regenerate = async (): Promise<void> => {
    setConfirming(false);
    setNote(undefined);
    const token = await runForSecret('sharing-token', { type: 'regenerate-presence-api-token' });
    if (token === undefined) return;
    // A token on screen shows the new one; a hidden one stays hidden.
    if (shown !== undefined) setShown(token);
    setNote('regenerated');
  };

  return (
    <div
      className="sharing-token"
      role="group"
      aria-labelledby={headingId}
      data-testid="sharing-token"
    >
      <h4 id={headingId}>{t.sharing.tokenTitle}</h4>
      {shown === undefined ? (
        <p className="muted" data-testid="sharing-token-hint">
          {hint === undefined ? t.sharing.tokenNone : t.sharing.tokenHint(hint)}
        </p>
      ) : (
        <p>
          <code id={valueId} className="token-value" data-testid="sharing-token-value">
            {shown}
          </code>
        </p>
      )}
      <p className="hint">{t.sharing.tokenExplained}</p>
      <div className="panel-actions">
        <button
          type="button"
          className="button"
          disabled={action.pending}
          aria-expanded={shown !== undefined}
          aria-controls={shown === undefined ? undefined : valueId}
          onClick={() => {
            setNote(undefined);
            if (shown !== undefined) {
              setShown(undefined);
              return;
            }
            void reveal().then(setShown);
          }}
        >
          {shown === undefined ? t.sharing.show : t.sharing.hide}
        </button>
        <button
          type="button"
          className="button"
          disabled={action.pending}
          onClick={() => void copy()}
        >
          {t.sharing.copy}
        </button>
        {!confirming && (
          <button
            type="button"
            className="button"
            disabled={action.pending}
            onClick={() => {
              setConfirming(true);
              setNote(undefined);
            }}
          >
            {t.sharing.regenerate}
          </button>
        )}
      </div>
      {confirming && (
        <div
          className="sharing-confirm"
          role="alertdialog"
          aria-labelledby={`${headingId}-confirm`}
        >
          <p id={`${headingId}-confirm`}>{t.sharing.regenerateConfirm}</p>
          <div className="panel-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void regenerate()}
            >
              {t.sharing.regenerateNow}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t.sharing.cancel}
            </button>
          </div>
        </div>
      )}
      <p className="muted" role="status" data-testid="sharing-token-note">
        {note === undefined
          ? ''
          : {
              copied: t.sharing.copied,
              copyFailed: t.sharing.copyFailed,
              regenerated: t.sharing.regenerated,
            }[note]}
      </p>
      {action.error !== undefined && (
        <p className="error" role="alert">
          {t.sharing.tokenFailed}
        </p>
      )}
    </div>
  );
}
