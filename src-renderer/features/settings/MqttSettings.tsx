/**
 * Settings › Share presence › MQTT and Home Assistant: the broker (address, user name), the topic
 * and discovery prefixes, Home Assistant on or off, saved together; the password kept in the
 * keychain through set-mqtt-password (never shown again); how the connection stands, in words.
 */
import { useId, useState } from 'react';
import type { Snapshot, SharingStatus } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { CommandError } from './CommandError.js';
import { KeychainSecretField } from './KeychainSecretField.js';
import {
  mqttFormFrom,
  mqttPatchFrom,
  topicSlug,
  type MqttForm,
  type MqttProblem,
} from './hook-forms.js';

export function MqttSettings({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const m = t.sharing.mqtt;
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const action = useApp((s) => s.actions.mqtt);
  const current = snapshot.settings.sharing.mqtt;
  const [form, setForm] = useState<MqttForm>(() => mqttFormFrom(current));
  const [problem, setProblem] = useState<MqttProblem | undefined>();
  const [savedAt, setSavedAt] = useState<number | undefined>();
  const ids = {
    heading: useId(),
    enabled: useId(),
    url: useId(),
    urlHint: useId(),
    username: useId(),
    topic: useId(),
    topicHint: useId(),
    homeAssistant: useId(),
    discovery: useId(),
    problem: useId(),
  };
  const mailbox = snapshot.account.mode === 'signed-out' ? '' : snapshot.account.mailbox;
  const topic = `${form.topicPrefix.trim() || current.topicPrefix}/${topicSlug(mailbox)}/presence`;

  const change = (next: Partial<MqttForm>): void => {
    setForm({ ...form, ...next });
    setProblem(undefined);
    setSavedAt(undefined);
    clearError('mqtt');
  };

  const submit = (event: React.SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const result = mqttPatchFrom(form);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    void run('mqtt', {
      type: 'update-settings',
      settings: { sharing: { mqtt: result.patch } },
    }).then((ok) => {
      if (ok) setSavedAt(Date.now());
    });
  };

  const problemText =
    problem === undefined ? undefined : problem === 'url' ? m.urlInvalid : m.prefixInvalid;
  const describedBy = (field: MqttProblem, hint?: string): string | undefined =>
    problem === field ? [ids.problem, hint].filter(Boolean).join(' ') : hint;

  return (
    <div className="sharing-part" role="group" aria-labelledby={ids.heading} data-testid="mqtt">
      <h4 id={ids.heading}>{m.title}</h4>
      <p className="hint">{m.intro}</p>
      <MqttState status={snapshot.sharing.mqtt} />
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
          <label htmlFor={ids.enabled}>{m.enabled}</label>
        </div>
        <div className="field">
          <label htmlFor={ids.url}>{m.url}</label>
          <input
            id={ids.url}
            type="url"
            spellCheck={false}
            autoCapitalize="off"
            placeholder="mqtts://"
            aria-invalid={problem === 'url'}
            aria-describedby={describedBy('url', ids.urlHint)}
            value={form.url}
            onChange={(event) => {
              change({ url: event.target.value });
            }}
          />
          <span id={ids.urlHint} className="hint">
            {m.urlHint}
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.username}>{m.username}</label>
          <input
            id={ids.username}
            type="text"
            autoComplete="username"
            spellCheck={false}
            autoCapitalize="off"
            value={form.username}
            onChange={(event) => {
              change({ username: event.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.topic}>{m.topicPrefix}</label>
          <input
            id={ids.topic}
            type="text"
            spellCheck={false}
            autoCapitalize="off"
            aria-invalid={problem === 'topicPrefix'}
            aria-describedby={describedBy('topicPrefix', ids.topicHint)}
            value={form.topicPrefix}
            onChange={(event) => {
              change({ topicPrefix: event.target.value });
            }}
          />
          <span id={ids.topicHint} className="hint">
            {m.topicHint}{' '}
            <code translate="no" dir="ltr">
              {topic}
            </code>
          </span>
        </div>
        <div className="check">
          <input
            id={ids.homeAssistant}
            type="checkbox"
            checked={form.homeAssistant}
            onChange={(event) => {
              change({ homeAssistant: event.target.checked });
            }}
          />
          <label htmlFor={ids.homeAssistant}>{m.homeAssistant}</label>
        </div>
        {form.homeAssistant && (
          <div className="field">
            <label htmlFor={ids.discovery}>{m.discoveryPrefix}</label>
            <input
              id={ids.discovery}
              type="text"
              spellCheck={false}
              autoCapitalize="off"
              aria-invalid={problem === 'discoveryPrefix'}
              aria-describedby={describedBy('discoveryPrefix')}
              value={form.discoveryPrefix}
              onChange={(event) => {
                change({ discoveryPrefix: event.target.value });
              }}
            />
          </div>
        )}
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
        <CommandError action={action} testId="mqtt-error" />
      </form>
      <MqttPassword
        hasUrl={current.url !== undefined}
        hasPassword={snapshot.sharing.mqtt.hasPassword}
      />
    </div>
  );
}

function MqttState({ status }: { status: SharingStatus['mqtt'] }): React.JSX.Element {
  const t = useMessages();
  const m = t.sharing.mqtt;
  const problem = status.problem === undefined ? '' : t.sharing.problems[status.problem];
  const text =
    status.state === 'off'
      ? m.stateOff
      : status.state === 'connecting'
        ? m.stateConnecting
        : status.state === 'connected'
          ? m.stateConnected
          : status.retryAt === undefined
            ? m.stateFailed(problem)
            : m.stateRetrying(
                problem,
                new Intl.DateTimeFormat(t.lang, { timeStyle: 'medium' }).format(
                  new Date(status.retryAt),
                ),
              );
  return (
    <p
      className={status.state === 'failed' ? 'error' : 'muted'}
      role="status"
      data-testid="mqtt-state"
    >
      {text}
    </p>
  );
}

function MqttPassword({
  hasUrl,
  hasPassword,
}: {
  hasUrl: boolean;
  hasPassword: boolean;
}): React.JSX.Element {
  const t = useMessages();
  const m = t.sharing.mqtt;
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions['mqtt-password']);
  return (
    <KeychainSecretField
      texts={{
        label: m.password,
        state: !hasUrl ? m.passwordSaveFirst : hasPassword ? m.passwordStored : m.passwordNone,
        hint: m.passwordHint,
        save: m.savePassword,
        remove: m.removePassword,
        failed: m.passwordFailed,
      }}
      canSave={hasUrl}
      stored={hasPassword}
      pending={action.pending}
      failed={action.error !== undefined}
      keep={(value) => run('mqtt-password', { type: 'set-mqtt-password', password: value })}
    />
  );
}
