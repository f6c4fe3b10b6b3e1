/** The off-work option and the idle thresholds; Save sends only what changed. */
import { useId, useState } from 'react';
import type { PresenceThresholds } from '../../../src-main/core/contract.js';
import { THRESHOLD_MAX_MINUTES, THRESHOLD_MIN_MINUTES } from '../../contract-values.js';
import { useApp, useMessages } from '../../store/context.js';
import { CommandError } from './CommandError.js';
import {
  presenceFormFrom,
  presencePatchFrom,
  thresholdFieldOf,
  thresholdIssueText,
  type PresenceForm,
  type ThresholdField,
} from './settings-forms.js';

export function PresenceSettings({
  presence,
}: {
  presence: PresenceThresholds;
}): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const action = useApp((s) => s.actions.settings);
  const [form, setForm] = useState<PresenceForm>(() => presenceFormFrom(presence));
  const [badField, setBadField] = useState<ThresholdField | undefined>();
  const [savedAt, setSavedAt] = useState<number | undefined>();
  const headingId = useId();
  const offWorkId = useId();
  const hintId = useId();
  const localErrorId = useId();
  const ids: Record<ThresholdField, string> = {
    inactiveAfterMinutes: useId(),
    awayAfterMinutes: useId(),
  };
  const labels: Record<ThresholdField, string> = {
    inactiveAfterMinutes: t.settings.inactiveAfter,
    awayAfterMinutes: t.settings.awayAfter,
  };
  const coreBad = new Set(
    (action.issues ?? []).map((i) => thresholdFieldOf(i.path)).filter((f) => f !== undefined),
  );

  const submit = (event: React.SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const result = presencePatchFrom(form, presence);
    setSavedAt(undefined);
    if (!result.ok) {
      setBadField(result.field);
      return;
    }
    setBadField(undefined);
    if (result.patch === undefined) return;
    void run('settings', { type: 'update-settings', settings: { presence: result.patch } }).then(
      (ok) => {
        if (ok) setSavedAt(Date.now());
      },
    );
  };

  const numberField = (field: ThresholdField): React.JSX.Element => {
    const invalid = badField === field || coreBad.has(field);
    return (
      <div className="field">
        <label htmlFor={ids[field]}>{labels[field]}</label>
        <input
          id={ids[field]}
          type="number"
          inputMode="numeric"
          min={THRESHOLD_MIN_MINUTES}
          max={THRESHOLD_MAX_MINUTES}
          step={1}
          aria-invalid={invalid}
          aria-describedby={badField === field ? `${localErrorId} ${hintId}` : hintId}
          value={form[field]}
          onChange={(event) => {
            setForm({ ...form, [field]: event.target.value });
            setBadField(undefined);
            clearError('settings');
          }}
        />
      </div>
    );
  };

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t.settings.presenceTitle}</h3>
      {/* noValidate: the form reports bad numbers in the catalogue's words, not the browser's. */}
      <form className="settings-form" noValidate onSubmit={submit}>
        <div className="check">
          <input
            id={offWorkId}
            type="checkbox"
            checked={form.showOffWork}
            onChange={(event) => {
              setForm({ ...form, showOffWork: event.target.checked });
              clearError('settings');
            }}
          />
          <label htmlFor={offWorkId}>{t.settings.showOffWork}</label>
        </div>
        <div className="field-row">
          {numberField('inactiveAfterMinutes')}
          {numberField('awayAfterMinutes')}
        </div>
        <p id={hintId} className="hint">
          {t.settings.minutesHint(THRESHOLD_MIN_MINUTES, THRESHOLD_MAX_MINUTES)}
        </p>
        {badField !== undefined && (
          <p id={localErrorId} className="error" role="alert">
            {`${labels[badField]}: ${t.settings.wholeMinutes(THRESHOLD_MIN_MINUTES, THRESHOLD_MAX_MINUTES)}`}
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
        <CommandError
          action={action}
          testId="settings-error"
          describeIssue={(path) => thresholdIssueText({ path }, labels, t)}
        />
      </form>
    </section>
  );
}
