/**
 * Who Beacon reads: the demo mailbox or the signed-in Exchange account; a sign-in form and
 * "Sign out". The password lives only in this form's state until it is sent, then is cleared.
 */
import { useId, useState } from 'react';
import type { Account } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { CommandError } from './CommandError.js';
import { EMPTY_SIGN_IN, signInCommand, type SignInForm } from './settings-forms.js';

export function AccountSettings({ account }: { account: Account }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const signIn = useApp((s) => s.actions['sign-in']);
  const signOut = useApp((s) => s.actions['sign-out']);
  const [form, setForm] = useState<SignInForm>(EMPTY_SIGN_IN);
  const headingId = useId();
  const formHeadingId = useId();
  const mailboxId = useId();
  const passwordId = useId();
  const ewsUrlId = useId();
  const hintId = useId();
  const isDemo = account.mode === 'demo';

  const submit = (event: React.SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const command = signInCommand(form);
    // Forget the password at once, whatever the outcome: retyping beats keeping it around.
    setForm((f) => ({ ...f, password: '' }));
    void run('sign-in', command);
  };

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t.settings.accountTitle}</h3>
      <p data-testid="account">
        {isDemo ? t.settings.demoAccount : t.settings.signedInAs(account.mailbox)}
      </p>
      {isDemo ? (
        <p className="muted">{t.settings.demoExplained}</p>
      ) : (
        <div className="panel-actions">
          <button
            type="button"
            className="button"
            disabled={signOut.pending}
            aria-busy={signOut.pending}
            onClick={() => {
              void run('sign-out', { type: 'sign-out' });
            }}
          >
            {signOut.pending ? t.settings.signingOut : t.settings.signOut}
          </button>
        </div>
      )}
      <CommandError action={signOut} />
      <form className="settings-form" aria-labelledby={formHeadingId} onSubmit={submit}>
        <h4 id={formHeadingId}>{t.settings.signInTitle}</h4>
        <div className="field">
          <label htmlFor={mailboxId}>{t.settings.mailboxLabel}</label>
          <input
            id={mailboxId}
            type="email"
            autoComplete="username"
            required
            value={form.mailbox}
            onChange={(event) => {
              setForm({ ...form, mailbox: event.target.value });
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
              setForm({ ...form, password: event.target.value });
            }}
          />
        </div>
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
              setForm({ ...form, ewsUrl: event.target.value });
            }}
          />
          <span id={hintId} className="hint">
            {t.settings.ewsUrlHint}
          </span>
        </div>
        <div className="panel-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={signIn.pending}
            aria-busy={signIn.pending}
          >
            {signIn.pending ? t.settings.signingIn : t.settings.signIn}
          </button>
        </div>
        <CommandError action={signIn} testId="sign-in-error" />
      </form>
    </section>
  );
}
