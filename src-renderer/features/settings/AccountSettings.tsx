/**
 * Who Beacon reads, said truthfully: the demo mailbox, "Signing in as …" until Exchange accepted
 * the password, "Signed in as Name (address)" only after, or why it is not signed in. The sign-in
 * form shows whenever there is no working account, and during a sign-in's steps; "Sign out"
 * whenever there is an account.
 */
import { useId } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { Sentence } from '../../format/Sentence.js';
import { Breakable } from '../header/Breakable.js';
import { SignInForm } from './SignInForm.js';
import { UseDemoButton } from './UseDemoButton.js';
import { signOutSentence } from './sign-in-text.js';
import type { Messages } from '../../i18n/messages.js';

/** Text with break opportunities where an address may wrap. */
const breakable = (text: string): React.ReactNode => <Breakable text={text} />;

/** The account line; the name and address from Exchange are isolated within the sentence. */
function accountLine(snapshot: Snapshot, t: Messages): React.ReactNode {
  const { account } = snapshot;
  switch (account.mode) {
    case 'demo':
      return breakable(t.settings.demoAccount);
    case 'signed-out':
      return breakable(t.signIn.signedOutTitle);
    case 'exchange':
      if (account.signIn === 'signed-in')
        return (
          <Sentence
            message={t.settings.signedInAs}
            args={[account.displayName, account.mailbox]}
            render={breakable}
          />
        );
      return (
        <Sentence
          message={
            account.signIn === 'signing-in' ? t.settings.signingInAs : t.settings.notSignedInAs
          }
          args={[account.mailbox]}
          render={breakable}
        />
      );
  }
}

export function AccountSettings({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const signOut = useApp((s) => s.actions['sign-out']);
  const headingId = useId();
  const { account } = snapshot;
  const signedIn = account.mode === 'exchange' && account.signIn === 'signed-in';
  const signOutError = signOutSentence(signOut, snapshot.keychain, t);
  // While the user acts in the browser or enters a code, the form's Cancel is the one way out.
  const step = snapshot.signInProgress?.step;
  const userStep = step === 'browser' || step === 'device-code';

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t.settings.accountTitle}</h3>
      <p data-testid="account" className="address">
        {accountLine(snapshot, t)}
      </p>
      {account.mode === 'demo' && <p className="muted">{t.settings.demoExplained}</p>}
      {account.mode === 'signed-out' && <p className="muted">{t.signIn.signedOutExplained}</p>}
      {signedIn && account.passwordStorage !== undefined && (
        <p className="muted" data-testid="password-storage">
          {account.passwordStorage === 'keychain'
            ? t.settings.passwordInKeychain
            : t.settings.passwordInMemory}
        </p>
      )}
      {account.mode === 'exchange' && !userStep && (
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
      {signOutError !== undefined && (
        <p className="error" role="alert">
          {signOutError}
        </p>
      )}
      {account.mode === 'signed-out' && <UseDemoButton />}
      {/* A sign-in step the user acts on (the browser, a code) shows with its Cancel, even while
          the account is already "Signing in as …". */}
      {((!signedIn && account.signIn !== 'signing-in') || snapshot.signInProgress !== null) && (
        <SignInForm snapshot={snapshot} />
      )}
    </section>
  );
}
