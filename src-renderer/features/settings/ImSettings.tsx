/**
 * Settings › Instant messaging: the chat account's state in words, the sign-in form (address,
 * password, optional server and port) while not connected, Sign out while it is, and whether
 * finished conversations are saved in Exchange. The password lives only in the form until sent.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { imActionError, imFailureSentence } from '../contacts/contact-lines.js';
import { Sentence } from '../../format/Sentence.js';
import { Breakable } from '../header/Breakable.js';
import { imSignInCommand, type ImSignInForm } from './im-forms.js';
import { keychainOffered } from './settings-forms.js';

const breakable = (text: string): React.ReactNode => <Breakable text={text} />;

function stateLine(
  snapshot: Snapshot,
  t: ReturnType<typeof useMessages>,
  format: ReturnType<typeof useFormat>,
): React.ReactNode {
  const { im } = snapshot;
  const address = im.address ?? snapshot.settings.im.address ?? '';
  // The demo mailbox's demo peers answer without any chat account.
  if (snapshot.account.mode === 'demo' && im.address === undefined && im.state !== 'connecting')
    return t.imSettings.state.demo;
  switch (im.state) {
    case 'off':
      return t.imSettings.state.off;
    // The address is the user's own, but may be written in any script: isolated in the sentence.
    case 'connecting':
      return (
        <Sentence message={t.imSettings.state.connecting} args={[address]} render={breakable} />
      );
    case 'online':
      return <Sentence message={t.imSettings.state.online} args={[address]} render={breakable} />;
    case 'offline':
      return im.retryAt === undefined
        ? t.imSettings.state.offline
        : t.contacts.imOfflineAt(format.time(im.retryAt));
    case 'failed':
      return t.imSettings.state.failed;
  }
}

export function ImSettings({
  snapshot,
  focusOnOpen = false,
}: {
  snapshot: Snapshot;
  /** Take focus (the address, else the section) when Settings opens for chat. */
  focusOnOpen?: boolean;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const signIn = useApp((s) => s.actions['im-sign-in']);
  const signOut = useApp((s) => s.actions['im-sign-out']);
  const settingsAction = useApp((s) => s.actions['im-settings']);
  const { im, keychain } = snapshot;
  const [form, setForm] = useState<ImSignInForm>(() => ({
    address: im.address ?? snapshot.settings.im.address ?? '',
    password: '',
    server: snapshot.settings.im.server ?? '',
    port: snapshot.settings.im.port === undefined ? '' : String(snapshot.settings.im.port),
    remember: keychainOffered(keychain),
  }));
  const [bad, setBad] = useState<'address' | 'port' | undefined>();
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const addressRef = useRef<HTMLInputElement>(null);
  // After the view's own focus on its title (the head's effect runs first): straight to chat.
  useEffect(() => {
    if (!focusOnOpen) return;
    sectionRef.current?.scrollIntoView({ block: 'start' });
    addressRef.current?.focus();
  }, [focusOnOpen]);
  const ids = {
    address: useId(),
    password: useId(),
    server: useId(),
    port: useId(),
    remember: useId(),
    history: useId(),
    error: useId(),
    hint: useId(),
  };
  // The demo peers are online without an account: the form stays, to sign in for real.
  const connected =
    im.address !== undefined &&
    (im.state === 'online' || im.state === 'connecting' || im.state === 'offline');
  const failure =
    signIn.error !== undefined
      ? signIn.code === 'not-allowed' && signIn.failure === undefined
        ? t.imSettings.notAvailable
        : imActionError(signIn, t)
      : im.state === 'failed'
        ? imFailureSentence(im.failure, t)
        : undefined;

  const change = (next: Partial<ImSignInForm>): void => {
    setForm((f) => ({ ...f, ...next }));
    setBad(undefined);
    clearError('im-sign-in');
  };

  return (
    <section
      ref={sectionRef}
      className="settings-section"
      aria-labelledby={headingId}
      data-testid="im-settings"
    >
      <h3 id={headingId}>{t.imSettings.title}</h3>
      <p className="address" data-testid="im-state" data-state={im.state}>
        {stateLine(snapshot, t, format)}
      </p>
      {im.address === undefined && <p className="muted">{t.imSettings.explained}</p>}
      {connected ? (
        <div className="panel-actions">
          <button
            type="button"
            className="button"
            disabled={signOut.pending}
            aria-busy={signOut.pending}
            onClick={() => {
              void run('im-sign-out', { type: 'im-sign-out' });
            }}
          >
            {signOut.pending ? t.imSettings.signingOut : t.imSettings.signOut}
          </button>
        </div>
      ) : (
        <form
          className="settings-form"
          noValidate
          aria-labelledby={headingId}
          onSubmit={(event) => {
            event.preventDefault();
            const result = imSignInCommand(form, keychainOffered(keychain));
            if (!result.ok) {
              setBad(result.field);
              return;
            }
            setForm((f) => ({ ...f, password: '' }));
            void run('im-sign-in', result.command);
          }}
        >
          {failure !== undefined && (
            <p id={ids.error} className="error" role="alert" data-testid="im-error">
              {failure}
            </p>
          )}
          <div className="field">
            <label htmlFor={ids.address}>{t.imSettings.addressLabel}</label>
            <input
              ref={addressRef}
              id={ids.address}
              type="email"
              autoComplete="username"
              required
              aria-invalid={bad === 'address'}
              aria-describedby={ids.hint}
              value={form.address}
              onChange={(event) => {
                change({ address: event.target.value });
              }}
            />
            <span id={ids.hint} className={bad === 'address' ? 'error' : 'hint'}>
              {bad === 'address' ? t.imSettings.badAddress : t.imSettings.addressHint}
            </span>
          </div>
          <div className="field">
            <label htmlFor={ids.password}>{t.imSettings.passwordLabel}</label>
            <input
              id={ids.password}
              type="password"
              autoComplete="current-password"
              required
              value={form.password}
              onChange={(event) => {
                change({ password: event.target.value });
              }}
            />
          </div>
          {keychainOffered(keychain) && (
            <div className="check">
              <input
                id={ids.remember}
                type="checkbox"
                checked={form.remember}
                onChange={(event) => {
                  change({ remember: event.target.checked });
                }}
              />
              <label htmlFor={ids.remember}>{t.signIn.remember}</label>
            </div>
          )}
          <div className="panel-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={signIn.pending || form.password === ''}
              aria-busy={signIn.pending}
            >
              {signIn.pending ? t.imSettings.signingIn : t.imSettings.signIn}
            </button>
          </div>
          <details
            className="server-details"
            open={form.server !== '' || form.port !== '' || bad === 'port'}
          >
            <summary>{t.imSettings.serverDetails}</summary>
            <div className="field-row">
              <div className="field">
                <label htmlFor={ids.server}>{t.imSettings.serverLabel}</label>
                <input
                  id={ids.server}
                  type="text"
                  autoComplete="off"
                  value={form.server}
                  onChange={(event) => {
                    change({ server: event.target.value });
                  }}
                />
              </div>
              <div className="field field-port">
                <label htmlFor={ids.port}>{t.imSettings.portLabel}</label>
                <input
                  id={ids.port}
                  type="text"
                  inputMode="numeric"
                  aria-invalid={bad === 'port'}
                  value={form.port}
                  onChange={(event) => {
                    change({ port: event.target.value });
                  }}
                />
              </div>
            </div>
            {bad === 'port' && (
              <p className="error" role="alert">
                {t.imSettings.badPort}
              </p>
            )}
          </details>
        </form>
      )}
      {signOut.error !== undefined && (
        <p className="error" role="alert">
          {imActionError(signOut, t)}
        </p>
      )}
      <div className="check">
        <input
          id={ids.history}
          type="checkbox"
          checked={snapshot.settings.im.saveHistory}
          disabled={settingsAction.pending}
          onChange={(event) => {
            void run('im-settings', {
              type: 'update-settings',
              settings: { im: { saveHistory: event.target.checked } },
            });
          }}
        />
        <label htmlFor={ids.history}>{t.imSettings.saveHistory}</label>
      </div>
    </section>
  );
}
