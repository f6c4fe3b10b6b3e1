/**
 * The sign-in form, in Settings and in the signed-out view. Email first: the address alone is
 * sent (`discover-account`) and each step the core reports is shown (Snapshot.signInProgress):
 * "Looking up contoso.com…", then Microsoft 365's "Sign in with Microsoft", a password for
 * on-premises Exchange, or, when nothing was found, the server address field. Cancel works at
 * every step. A server address typed in "Server address" skips discovery (the manual path).
 * The password lives only in this form's state until it is sent, then is cleared. Why the last
 * attempt failed is said in words, and forgotten as soon as the user changes a field.
 */
import { useId, useState } from 'react';
import type { Snapshot, SignInProgress } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { Breakable } from '../header/Breakable.js';
import {
  emptySignIn,
  keychainOffered,
  signInCommand,
  type SignInForm as Form,
} from './settings-forms.js';
import { commandFailureSentence, failureAudience, failureSentence } from './sign-in-text.js';
import { discoveredSentence } from './trust-ca-text.js';
import { TRUST_CA_INPUT_ID, TrustCaSettings } from './TrustCaSettings.js';

type Discovered = Extract<SignInProgress, { step: 'discovered' }>;

export function SignInForm({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const a = t.account;
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const action = useApp((s) => s.actions['sign-in']);
  const oauth = useApp((s) => s.actions['sign-in-oauth']);
  const discover = useApp((s) => s.actions.discover);
  // Discovery's own failure worth a sentence: a certificate that stopped it (a cancel is not).
  const discoverFailure = discover.failure === undefined ? undefined : discover;
  const { account, keychain, signInProgress: progress } = snapshot;
  // The form is hidden while an attempt runs, so after a failure it starts again from the
  // account the attempt left in the Snapshot: the address and the URL that were tried.
  const [form, setForm] = useState<Form>(() =>
    account.mode === 'exchange'
      ? emptySignIn(account.mailbox, keychain, account.ewsUrl ?? '')
      : emptySignIn('', keychain),
  );
  const [edited, setEdited] = useState(false);
  const [showTrust, setShowTrust] = useState(false);
  const headingId = useId();
  const mailboxId = useId();
  const passwordId = useId();
  const ewsUrlId = useId();
  const rememberId = useId();
  const hintId = useId();
  const errorId = useId();
  const stepId = useId();

  const failure =
    action.failure ??
    oauth.failure ??
    discoverFailure?.failure ??
    (!edited && account.signIn === 'failed' ? account.failure : undefined);
  // The attempt's own answer first; else why the stored credentials stopped working, until the
  // user starts to type a new attempt.
  const sentence =
    commandFailureSentence(action, t) ??
    // A Microsoft sign-in sends no password: its sentences do not say one was kept back.
    commandFailureSentence(oauth, t, 'microsoft') ??
    (discoverFailure === undefined ? undefined : commandFailureSentence(discoverFailure, t)) ??
    (!edited && account.signIn === 'failed' && account.failure !== undefined
      ? failureSentence(account.failure, t, failureAudience(account))
      : undefined);
  const untrusted = failure?.reason === 'tls-untrusted';

  const change = (next: Partial<Form>): void => {
    setForm((f) => ({ ...f, ...next }));
    setEdited(true);
    clearError('sign-in');
    clearError('sign-in-oauth');
    clearError('discover');
  };

  const cancel = (): void => {
    setEdited(true);
    clearError('sign-in');
    clearError('sign-in-oauth');
    clearError('discover');
    void run('cancel-sign-in', { type: 'cancel-sign-in' });
  };

  const signInWithPassword = (mailbox: string, ewsUrl: string): void => {
    const command = signInCommand({ ...form, mailbox, ewsUrl }, keychain);
    // Forget the password at once, whatever the outcome: retyping beats keeping it around.
    setForm((f) => ({ ...f, password: '' }));
    setEdited(false);
    void run('sign-in', command);
  };

  const trustButton = untrusted ? (
    <button
      type="button"
      className="button"
      data-testid="trust-ca-from-sign-in"
      onClick={() => {
        const input = document.getElementById(TRUST_CA_INPUT_ID);
        if (input === null) {
          setShowTrust(true);
          return;
        }
        input.scrollIntoView({ block: 'center' });
        input.focus();
      }}
    >
      {a.trustCaButton}
    </button>
  ) : null;

  const errorLine =
    sentence === undefined ? null : (
      <p
        id={errorId}
        className="error"
        role="alert"
        data-testid="sign-in-error"
        data-reason={failure?.reason ?? action.code ?? oauth.code}
      >
        <Breakable text={sentence} />
      </p>
    );

  const waiting = (text: string, testId: string, link?: React.JSX.Element): React.JSX.Element => (
    <div className="settings-form sign-in-form" data-testid="sign-in-form">
      <h4 id={headingId}>{t.settings.signInTitle}</h4>
      <p role="status" data-testid={testId} className="sign-in-step">
        <Breakable text={text} />
      </p>
      {link}
      <div className="panel-actions">
        <button type="button" className="button" onClick={cancel}>
          {a.cancel}
        </button>
      </div>
    </div>
  );

  if (progress?.step === 'discovering') return waiting(a.lookingUp(progress.domain), 'discovering');
  if (progress?.step === 'verifying') return waiting(a.verifying, 'verifying');
  if (progress?.step === 'browser') {
    // A real link the user clicks (no popup blocker): the only way the web shell reaches the
    // authority, and a second way in the desktop window when the system browser did not show.
    const url = signInPageUrl(progress.url);
    return waiting(
      a.browser,
      'browser-step',
      url === undefined ? undefined : (
        <p>
          <a href={url} target="_blank" rel="noopener noreferrer" data-testid="sign-in-page-link">
            {a.openSignInPage}
          </a>
        </p>
      ),
    );
  }
  if (progress?.step === 'device-code')
    return waiting(a.deviceCode(progress.userCode, progress.verificationUri), 'device-code-step');

  const rememberField = keychainOffered(keychain) ? (
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
  );

  const passwordField = (
    <div className="field">
      <label htmlFor={passwordId}>{t.settings.passwordLabel}</label>
      <input
        id={passwordId}
        type="password"
        autoComplete="current-password"
        required
        aria-describedby={sentence === undefined ? undefined : errorId}
        value={form.password}
        onChange={(event) => {
          change({ password: event.target.value });
        }}
      />
    </div>
  );

  const serverField = (label: string, required: boolean): React.JSX.Element => (
    <div className="field">
      <label htmlFor={ewsUrlId}>{label}</label>
      <input
        id={ewsUrlId}
        type="url"
        inputMode="url"
        required={required}
        aria-describedby={required ? undefined : hintId}
        placeholder="https://"
        value={form.ewsUrl}
        onChange={(event) => {
          change({ ewsUrl: event.target.value });
        }}
      />
      {/* "Leave empty for Autodiscover" only where leaving it empty is possible. */}
      {!required && (
        <span id={hintId} className="hint">
          {t.settings.ewsUrlHint}
        </span>
      )}
    </div>
  );

  const submitButton = (label: string, pendingLabel: string): React.JSX.Element => (
    <button
      type="submit"
      className="button button-primary"
      disabled={action.pending}
      aria-busy={action.pending}
    >
      {action.pending ? pendingLabel : label}
    </button>
  );

  if (progress?.step === 'discovered')
    return (
      <DiscoveredForm
        progress={progress}
        headingId={headingId}
        stepId={stepId}
        onCancel={cancel}
        onPassword={(ewsUrl) => {
          signInWithPassword(progress.mailbox, ewsUrl);
        }}
        onOAuth={(flow) => {
          setEdited(false);
          void run('sign-in-oauth', {
            type: 'sign-in-oauth',
            mailbox: progress.mailbox,
            flow,
            ...(progress.ewsUrl === undefined ? {} : { ewsUrl: progress.ewsUrl }),
            remember: form.remember && keychainOffered(keychain),
          });
        }}
        ewsUrl={form.ewsUrl}
        oauthPending={oauth.pending}
        errorLine={errorLine}
        trust={
          <>
            {trustButton}
            {showTrust && <TrustCaSettings snapshot={snapshot} />}
          </>
        }
        passwordField={passwordField}
        rememberField={rememberField}
        serverField={serverField}
        submitButton={submitButton(t.settings.signIn, t.settings.signingIn)}
      />
    );

  // The first step: the address alone, unless the user typed the server (the manual path).
  const manual = form.ewsUrl.trim() !== '';
  const submit = (event: React.SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (manual) {
      signInWithPassword(form.mailbox.trim(), form.ewsUrl);
      return;
    }
    setEdited(false);
    clearError('sign-in');
    void run('discover', { type: 'discover-account', mailbox: form.mailbox.trim() });
  };

  return (
    <form
      className="settings-form sign-in-form"
      aria-labelledby={headingId}
      onSubmit={submit}
      data-testid="sign-in-form"
    >
      <h4 id={headingId}>{t.settings.signInTitle}</h4>
      {errorLine}
      {trustButton}
      {showTrust && <TrustCaSettings snapshot={snapshot} />}
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
      {manual && passwordField}
      {manual && rememberField}
      <div className="panel-actions">
        {manual
          ? submitButton(t.settings.signIn, t.settings.signingIn)
          : submitButton(a.continue, a.continue)}
      </div>
      {/* After the button: most users leave it empty, and the button must stay in sight. */}
      <details className="server-details" open={manual}>
        <summary>{t.signIn.serverDetails}</summary>
        {serverField(t.settings.ewsUrlLabel, false)}
      </details>
    </form>
  );
}

/** After discovery: Microsoft 365's buttons, or a password (with the server field on failure). */
function DiscoveredForm(props: {
  progress: Discovered;
  headingId: string;
  stepId: string;
  ewsUrl: string;
  oauthPending: boolean;
  onCancel: () => void;
  onPassword: (ewsUrl: string) => void;
  onOAuth: (flow: 'browser' | 'device-code') => void;
  errorLine: React.JSX.Element | null;
  trust: React.JSX.Element;
  passwordField: React.JSX.Element;
  rememberField: React.JSX.Element;
  serverField: (label: string, required: boolean) => React.JSX.Element;
  submitButton: React.JSX.Element;
}): React.JSX.Element {
  const t = useMessages();
  const a = t.account;
  const { progress } = props;
  // The typed server wins; else the one discovery found.
  const ewsUrl = props.ewsUrl.trim() === '' ? (progress.ewsUrl ?? '') : props.ewsUrl;

  const header = (
    <>
      <h4 id={props.headingId}>{t.settings.signInTitle}</h4>
      <p className="address" data-testid="sign-in-mailbox">
        <Breakable text={progress.mailbox} />
      </p>
      {props.errorLine}
      {props.trust}
      <p
        id={props.stepId}
        className={progress.failed ? 'error' : 'sign-in-step'}
        role="status"
        data-testid="discovered"
        data-method={progress.method}
        data-failed={String(progress.failed)}
      >
        <Breakable text={discoveredSentence(progress, t)} />
      </p>
    </>
  );

  if (progress.method === 'oauth' && !progress.failed)
    return (
      <div
        className="settings-form sign-in-form"
        aria-labelledby={props.headingId}
        data-testid="sign-in-form"
      >
        {header}
        <div className="panel-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={props.oauthPending}
            aria-busy={props.oauthPending}
            onClick={() => {
              props.onOAuth('browser');
            }}
          >
            {a.signInMicrosoft}
          </button>
          <button
            type="button"
            className="button"
            disabled={props.oauthPending}
            onClick={() => {
              props.onOAuth('device-code');
            }}
          >
            {a.useCode}
          </button>
        </div>
        <div className="panel-actions">
          <button type="button" className="button button-link" onClick={props.onCancel}>
            {a.otherAddress}
          </button>
        </div>
      </div>
    );

  return (
    <form
      className="settings-form sign-in-form"
      aria-labelledby={props.headingId}
      data-testid="sign-in-form"
      onSubmit={(event) => {
        event.preventDefault();
        props.onPassword(ewsUrl);
      }}
    >
      {header}
      {progress.failed && props.serverField(a.serverLabel, true)}
      {props.passwordField}
      {props.rememberField}
      <div className="panel-actions">
        {props.submitButton}
        <button type="button" className="button" onClick={props.onCancel}>
          {progress.failed ? a.otherAddress : a.cancel}
        </button>
      </div>
      {!progress.failed && (
        <details className="server-details">
          <summary>{t.signIn.serverDetails}</summary>
          {props.serverField(t.settings.ewsUrlLabel, false)}
        </details>
      )}
    </form>
  );
}

/** The sign-in page when it is an https URL (the core vetted its origin); else no link. */
export function signInPageUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
