/**
 * The sign-in form, in Settings and in the signed-out view. The password lives only in this
 * form's state until it is sent, then is cleared. Why the last attempt failed is said in words,
 * and forgotten as soon as the user changes a field.
 */
import { useId, useState } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import {
  emptySignIn,
  keychainOffered,
  signInCommand,
  type SignInForm as Form,
} from './settings-forms.js';
import { commandFailureSentence, failureSentence } from './sign-in-text.js';

export function SignInForm({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const action = useApp((s) => s.actions['sign-in']);
  const { account, keychain } = snapshot;
  // The form is hidden while an attempt runs, so after a failure it starts again from the
  // account the attempt left in the Snapshot: the address and the URL that were tried.
  const [form, setForm] = useState<Form>(() =>
    account.mode === 'exchange'
      ? emptySignIn(account.mailbox, keychain, account.ewsUrl ?? '')
      : emptySignIn('', keychain),
  );
  const [edited, setEdited] = useState(false);
  const headingId = useId();
  const mailboxId = useId();
  const passwordId = useId();
  const ewsUrlId = useId();
  const rememberId = useId();
  const hintId = useId();
  const errorId = useId();

  // The attempt's own answer first; else why the stored credentials stopped working, until the
  // user starts to type a new attempt.
  const sentence =
    commandFailureSentence(action, t) ??
    (!edited && account.signIn === 'failed' && account.failure !== undefined
      ? failureSentence(account.failure, t)
      : undefined);

  const change = (next: Partial<Form>): void => {
    setForm((f) => ({ ...f, ...next }));
    setEdited(true);
    clearError('sign-in');
  };

  const submit = (event: React.SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const command = signInCommand(form, keychain);
    // Forget the password at once, whatever the outcome: retyping beats keeping it around.
    setForm((f) => ({ ...f, password: '' }));
    setEdited(false);
    void run('sign-in', command);
  };

  return (
    <form
      className="settings-form sign-in-form"
      aria-labelledby={headingId}
      onSubmit={submit}
      data-testid="sign-in-form"
    >
      <h4 id={headingId}>{t.settings.signInTitle}</h4>
      {sentence !== undefined && (
        <p
          id={errorId}
          className="error"
          role="alert"
          data-testid="sign-in-error"
          data-reason={action.failure?.reason ?? account.failure?.reason ?? action.code}
        >
          {sentence}
        </p>
      )}
      <div className="field">
        <label htmlFor={mailboxId}>{t.settings.mailboxLabel}</label>
        <input
          id={mailboxId}
          type="email"
          autoComplete="username"
          required
          aria-describedby={sentence === undefined ? undefined : errorId}
          value={form.mailbox}
          onChange={(event) => {
            change({ mailbox: event.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={passwordId}>{t.settings.passwordLabel}</label>
        <input
          id={passwordId}
          type="password"
          autoComplete="current-password"
          required
          value={form.password}
          onChange={(event) => {
            change({ password: event.target.value });
          }}
        />
      </div>
      {keychainOffered(keychain) ? (
        <div className="check">
          <input
            id={rememberId}
            type="checkbox"
            checked={form.remember}
            onChange={(event) => {
              change({ remember: event.target.checked });
            }}
          />
          <label htmlFor={rememberId}>{t.signIn.remember}</label>
        </div>
      ) : (
        <p className="hint" data-testid="no-keychain">
          {t.signIn.noKeychain}
        </p>
      )}
      <div className="panel-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={action.pending}
          aria-busy={action.pending}
        >
          {action.pending ? t.settings.signingIn : t.settings.signIn}
        </button>
      </div>
      {/* After the button: most users leave it empty, and the button must stay in sight. */}
      <details className="server-details" open={form.ewsUrl !== ''}>
        <summary>{t.signIn.serverDetails}</summary>
        <div className="field">
          <label htmlFor={ewsUrlId}>{t.settings.ewsUrlLabel}</label>
          <input
            id={ewsUrlId}
            type="url"
            inputMode="url"
            aria-describedby={hintId}
            placeholder="https://"
            value={form.ewsUrl}
            onChange={(event) => {
              change({ ewsUrl: event.target.value });
            }}
          />
          <span id={hintId} className="hint">
            {t.settings.ewsUrlHint}
          </span>
        </div>
      </details>
    </form>
  );
}
