/**
 * Settings › Share presence › Webhooks: the hooks (when, address, method, headers, body), saved
 * together; per hook its secret (kept in the keychain through set-webhook-secret, never shown
 * again), a Test call, and what the last call did, in words. The core decides and reports; this
 * form only says a malformed address or header sooner.
 */
import { useId, useState } from 'react';
import type { Snapshot, SharingStatus } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { CommandError } from './CommandError.js';
import { KeychainSecretField } from './KeychainSecretField.js';
import {
  HOOK_METHODS,
  HOOK_TRIGGERS,
  MAX_HOOKS,
  newHookForm,
  webhooksFormFrom,
  webhooksPatchFrom,
  type HookForm,
  type HookProblem,
  type WebhooksForm,
} from './hook-forms.js';

type HookStatus = SharingStatus['webhooks'][number];

export function WebhookSettings({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const w = t.sharing.webhooks;
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const action = useApp((s) => s.actions.webhooks);
  const current = snapshot.settings.sharing.webhooks;
  const [form, setForm] = useState<WebhooksForm>(() => webhooksFormFrom(current));
  const [problem, setProblem] = useState<HookProblem | undefined>();
  const [savedAt, setSavedAt] = useState<number | undefined>();
  const headingId = useId();
  const enabledId = useId();
  const saved = new Set(current.hooks.map((h) => h.id));

  const change = (next: WebhooksForm): void => {
    setForm(next);
    setProblem(undefined);
    setSavedAt(undefined);
    clearError('webhooks');
  };

  const changeHook = (index: number, patch: Partial<HookForm>): void => {
    change({
      ...form,
      hooks: form.hooks.map((hook, i) => (i === index ? { ...hook, ...patch } : hook)),
    });
  };

  const submit = (event: React.SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const result = webhooksPatchFrom(form);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    void run('webhooks', {
      type: 'update-settings',
      settings: { sharing: { webhooks: result.patch } },
    }).then((ok) => {
      if (ok) setSavedAt(Date.now());
    });
  };

  return (
    <div className="sharing-part" role="group" aria-labelledby={headingId} data-testid="webhooks">
      <h4 id={headingId}>{w.title}</h4>
      <p className="hint">{w.intro}</p>
      <form className="settings-form" noValidate onSubmit={submit}>
        <div className="check">
          <input
            id={enabledId}
            type="checkbox"
            checked={form.enabled}
            onChange={(event) => {
              change({ ...form, enabled: event.target.checked });
            }}
          />
          <label htmlFor={enabledId}>{w.enabled}</label>
        </div>
        {form.hooks.map((hook, index) => (
          <HookFields
            key={hook.id}
            hook={hook}
            index={index}
            problem={problem?.index === index ? problem : undefined}
            status={snapshot.sharing.webhooks.find((s) => s.id === hook.id)}
            isSaved={saved.has(hook.id)}
            onChange={(patch) => {
              changeHook(index, patch);
            }}
            onRemove={() => {
              change({ ...form, hooks: form.hooks.filter((_, i) => i !== index) });
            }}
          />
        ))}
        {problem?.field === 'hooks' && (
          <p className="error" role="alert">
            {w.tooMany(MAX_HOOKS)}
          </p>
        )}
        <div className="panel-actions">
          <button
            type="button"
            className="button"
            disabled={form.hooks.length >= MAX_HOOKS}
            onClick={() => {
              change({ ...form, hooks: [...form.hooks, newHookForm(form.hooks)] });
            }}
          >
            {w.add}
          </button>
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
        <CommandError action={action} testId="webhooks-error" />
      </form>
    </div>
  );
}

function HookFields({
  hook,
  index,
  problem,
  status,
  isSaved,
  onChange,
  onRemove,
}: {
  hook: HookForm;
  index: number;
  problem: HookProblem | undefined;
  status: HookStatus | undefined;
  isSaved: boolean;
  onChange: (patch: Partial<HookForm>) => void;
  onRemove: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const w = t.sharing.webhooks;
  const ids = {
    on: useId(),
    url: useId(),
    urlHint: useId(),
    method: useId(),
    headers: useId(),
    headersHint: useId(),
    body: useId(),
    bodyHint: useId(),
    problem: useId(),
  };
  const problemText =
    problem === undefined
      ? undefined
      : problem.field === 'url'
        ? w.urlInvalid
        : 'line' in problem
          ? w.headerInvalid(problem.line)
          : undefined;
  return (
    <fieldset className="sharing-hook" data-testid={`webhook-${hook.id}`}>
      <legend>{w.hookTitle(index + 1)}</legend>
      <HookState status={status} />
      <div className="field">
        <label htmlFor={ids.on}>{w.on}</label>
        <select
          id={ids.on}
          value={hook.on}
          onChange={(event) => {
            onChange({ on: event.target.value as HookForm['on'] });
          }}
        >
          {HOOK_TRIGGERS.map((on) => (
            <option key={on} value={on}>
              {on === 'any' ? w.onAny : t.availability[on]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.url}>{w.url}</label>
        <input
          id={ids.url}
          type="url"
          spellCheck={false}
          autoCapitalize="off"
          placeholder="https://"
          aria-invalid={problem?.field === 'url'}
          aria-describedby={
            problem?.field === 'url' ? `${ids.problem} ${ids.urlHint}` : ids.urlHint
          }
          value={hook.url}
          onChange={(event) => {
            onChange({ url: event.target.value });
          }}
        />
        <span id={ids.urlHint} className="hint">
          {w.urlHint}
        </span>
      </div>
      <div className="field">
        <label htmlFor={ids.method}>{w.method}</label>
        <select
          id={ids.method}
          value={hook.method}
          onChange={(event) => {
            onChange({ method: event.target.value as HookForm['method'] });
          }}
        >
          {HOOK_METHODS.map((method) => (
            <option key={method} value={method}>
              {method}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.headers}>{w.headers}</label>
        <textarea
          id={ids.headers}
          rows={2}
          spellCheck={false}
          autoCapitalize="off"
          aria-invalid={problem?.field === 'headers'}
          aria-describedby={
            problem?.field === 'headers' ? `${ids.problem} ${ids.headersHint}` : ids.headersHint
          }
          value={hook.headers}
          onChange={(event) => {
            onChange({ headers: event.target.value });
          }}
        />
        <span id={ids.headersHint} className="hint">
          {w.headersHint}
        </span>
      </div>
      {hook.method !== 'GET' && (
        <div className="field">
          <label htmlFor={ids.body}>{w.body}</label>
          <textarea
            id={ids.body}
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            aria-describedby={ids.bodyHint}
            value={hook.body}
            onChange={(event) => {
              onChange({ body: event.target.value });
            }}
          />
          <span id={ids.bodyHint} className="hint">
            {w.bodyHint}
          </span>
        </div>
      )}
      {problemText !== undefined && (
        <p id={ids.problem} className="error" role="alert">
          {problemText}
        </p>
      )}
      <HookSecret id={hook.id} isSaved={isSaved} hasSecret={status?.hasSecret ?? false} />
      <div className="panel-actions">
        <HookTest id={hook.id} isSaved={isSaved} />
        <button type="button" className="button" onClick={onRemove}>
          {w.remove}
        </button>
      </div>
    </fieldset>
  );
}

function HookState({ status }: { status: HookStatus | undefined }): React.JSX.Element {
  const t = useMessages();
  const w = t.sharing.webhooks;
  const time = (iso: string): string =>
    new Intl.DateTimeFormat(t.lang, { timeStyle: 'short' }).format(new Date(iso));
  if (status?.problem !== undefined)
    return (
      <p className="error" role="status" data-testid="webhook-state">
        {w.problemSince(
          t.sharing.problems[status.problem],
          status.problemAt === undefined ? '' : time(status.problemAt),
        )}
      </p>
    );
  return (
    <p className="muted" role="status" data-testid="webhook-state">
      {status?.lastCalledAt !== undefined && status.lastStatus !== undefined
        ? w.lastCalled(time(status.lastCalledAt), status.lastStatus)
        : w.neverCalled}
    </p>
  );
}

function HookSecret({
  id,
  isSaved,
  hasSecret,
}: {
  id: string;
  isSaved: boolean;
  hasSecret: boolean;
}): React.JSX.Element {
  const t = useMessages();
  const w = t.sharing.webhooks;
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions['webhook-secret']);
  return (
    <KeychainSecretField
      texts={{
        label: w.secret,
        state: !isSaved ? w.secretSaveFirst : hasSecret ? w.secretStored : w.secretNone,
        hint: w.secretHint,
        save: w.saveSecret,
        remove: w.removeSecret,
        failed: w.secretFailed,
      }}
      canSave={isSaved}
      stored={hasSecret}
      pending={action.pending}
      failed={action.error !== undefined}
      keep={(value) => run('webhook-secret', { type: 'set-webhook-secret', id, secret: value })}
    />
  );
}

function HookTest({ id, isSaved }: { id: string; isSaved: boolean }): React.JSX.Element {
  const t = useMessages();
  const w = t.sharing.webhooks;
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions['webhook-test']);
  const [outcome, setOutcome] = useState<boolean | undefined>();
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={!isSaved || action.pending}
        aria-busy={action.pending}
        onClick={() => {
          setOutcome(undefined);
          void run('webhook-test', { type: 'test-webhook', id }).then(setOutcome);
        }}
      >
        {action.pending ? w.testing : w.test}
      </button>
      <span className={outcome === false ? 'error' : 'muted'} role="status">
        {outcome === undefined ? '' : outcome ? w.testOk : w.testFailed}
      </span>
    </>
  );
}
