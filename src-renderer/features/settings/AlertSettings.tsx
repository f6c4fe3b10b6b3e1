/**
 * Settings › E-mail alerts: a chat message left unread while I am away can be e-mailed to me
 * through the organisation's mail relay. Host, port, user and sender are settings (Save sends only
 * what changed); the relay password goes to the keychain on its own button, never into settings.
 */
import { useId, useState } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { imActionError } from '../contacts/contact-lines.js';
import {
  MISSED_MINUTES_MAX,
  MISSED_MINUTES_MIN,
  alertsFormFrom,
  alertsPatchFrom,
  type AlertsField,
  type AlertsForm,
} from './im-forms.js';

export function AlertSettings({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const action = useApp((s) => s.actions['im-settings']);
  const passwordAction = useApp((s) => s.actions['smtp-password']);
  const { im, smtp } = snapshot.settings;
  const [form, setForm] = useState<AlertsForm>(() => alertsFormFrom(im, smtp));
  const [bad, setBad] = useState<AlertsField | undefined>();
  const [saved, setSaved] = useState(false);
  const [password, setPassword] = useState('');
  const [passwordSaved, setPasswordSaved] = useState(false);
  const headingId = useId();
  const ids = {
    missed: useId(),
    minutes: useId(),
    host: useId(),
    port: useId(),
    user: useId(),
    from: useId(),
    password: useId(),
    error: useId(),
  };
  const badText: Record<AlertsField, string> = {
    missedMessageMinutes: t.imSettings.badMinutes(MISSED_MINUTES_MIN, MISSED_MINUTES_MAX),
    port: t.imSettings.badPort,
    from: t.imSettings.badFrom,
  };

  const change = (next: Partial<AlertsForm>): void => {
    setForm((f) => ({ ...f, ...next }));
    setBad(undefined);
    setSaved(false);
    clearError('im-settings');
  };
  const described = (field: AlertsField): string | undefined =>
    bad === field ? ids.error : undefined;

  const textField = (
    id: string,
    label: string,
    key: 'host' | 'port' | 'user' | 'from',
    type: string,
  ): React.JSX.Element => (
    <div className={`field${key === 'port' ? ' field-port' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete="off"
        inputMode={key === 'port' ? 'numeric' : undefined}
        aria-invalid={bad === key}
        aria-describedby={key === 'host' || key === 'user' ? undefined : described(key)}
        value={form[key]}
        onChange={(event) => {
          change({ [key]: event.target.value });
        }}
      />
    </div>
  );

  return (
    <section className="settings-section" aria-labelledby={headingId} data-testid="alert-settings">
      <h3 id={headingId}>{t.imSettings.alertsTitle}</h3>
      <p className="muted">{t.imSettings.alertsExplained}</p>
      <form
        className="settings-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const result = alertsPatchFrom(form, im, smtp);
          if (!result.ok) {
            setBad(result.field);
            return;
          }
          if (result.patch === undefined) {
            setSaved(true);
            return;
          }
          void run('im-settings', { type: 'update-settings', settings: result.patch }).then(
            (ok) => {
              setSaved(ok);
            },
          );
        }}
      >
        <div className="check">
          <input
            id={ids.missed}
            type="checkbox"
            checked={form.missedMessageEmail}
            onChange={(event) => {
              change({ missedMessageEmail: event.target.checked });
            }}
          />
          <label htmlFor={ids.missed}>{t.imSettings.missedEmail}</label>
        </div>
        <div className="field field-port">
          <label htmlFor={ids.minutes}>{t.imSettings.missedMinutes}</label>
          <input
            id={ids.minutes}
            type="text"
            inputMode="numeric"
            aria-invalid={bad === 'missedMessageMinutes'}
            aria-describedby={described('missedMessageMinutes')}
            value={form.missedMessageMinutes}
            onChange={(event) => {
              change({ missedMessageMinutes: event.target.value });
            }}
          />
        </div>
        <div className="field-row">
          {textField(ids.host, t.imSettings.relayHost, 'host', 'text')}
          {textField(ids.port, t.imSettings.relayPort, 'port', 'text')}
        </div>
        {textField(ids.user, t.imSettings.relayUser, 'user', 'text')}
        {textField(ids.from, t.imSettings.relayFrom, 'from', 'email')}
        {bad !== undefined && (
          <p id={ids.error} className="error" role="alert">
            {badText[bad]}
          </p>
        )}
        {action.error !== undefined && (
          <p className="error" role="alert">
            {imActionError(action, t)}
          </p>
        )}
        <div className="panel-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={action.pending}
            aria-busy={action.pending}
          >
            {t.imSettings.save}
          </button>
          <span className="muted" role="status">
            {saved && !action.pending ? t.imSettings.saved : ''}
          </span>
        </div>
      </form>
      <form
        className="settings-form"
        onSubmit={(event) => {
          event.preventDefault();
          const value = password;
          setPassword('');
          void run('smtp-password', { type: 'set-smtp-password', password: value }).then((ok) => {
            setPasswordSaved(ok);
          });
        }}
      >
        <div className="field">
          <label htmlFor={ids.password}>{t.imSettings.relayPassword}</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
              setPasswordSaved(false);
              clearError('smtp-password');
            }}
          />
        </div>
        {passwordAction.error !== undefined && (
          <p className="error" role="alert">
            {imActionError(passwordAction, t)}
          </p>
        )}
        <div className="panel-actions">
          <button
            type="submit"
            className="button"
            disabled={passwordAction.pending || password === ''}
            aria-busy={passwordAction.pending}
          >
            {t.imSettings.setPassword}
          </button>
          <span className="muted" role="status">
            {passwordSaved ? t.imSettings.passwordSaved : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
