/**
 * Editing automatic replies as plain text. A message the user does not touch goes back exactly
 * as the server sent it; one they edit is sent as their text (escaped, line breaks kept). The
 * schedule is a date and a time field each for start and end (they fit 360 px where a
 * datetime-local field does not), read in the viewer's zone by the window's Formatter; an end
 * before the start is refused here with a sentence, before anything is sent.
 */
import { useId, useState } from 'react';
import type { ExternalAudience, OofSnapshot, OofState } from '../../../src-main/core/contract.js';
import { AUDIENCE_CHOICES, OOF_STATE_CHOICES } from '../../contract-values.js';
import type { Formatter } from '../../format/formatter.js';
import { useNow } from '../../format/use-now.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { replyText, textToReplyHtml } from './sanitize.js';
import { checkSchedule } from './schedule.js';
import { actionErrorText } from '../../format/action-error.js';
import { failureAudience } from '../settings/sign-in-text.js';

interface DateTimeValue {
  date: string;
  time: string;
}

function initialValue(iso: string | undefined, format: Formatter): DateTimeValue {
  return iso === undefined ? { date: '', time: '' } : format.inputParts(iso);
}

function DateTimeField({
  legend,
  value,
  onChange,
  testId,
}: {
  legend: string;
  value: DateTimeValue;
  onChange: (next: DateTimeValue) => void;
  testId: string;
}): React.JSX.Element {
  const t = useMessages();
  const dateId = useId();
  const timeId = useId();
  return (
    <fieldset className="date-time" data-testid={testId}>
      <legend>{legend}</legend>
      <label htmlFor={dateId} className="sr-only">
        {t.oof.dateLabel(legend)}
      </label>
      <input
        id={dateId}
        type="date"
        required
        value={value.date}
        onChange={(event) => {
          onChange({ ...value, date: event.target.value });
        }}
      />
      <label htmlFor={timeId} className="sr-only">
        {t.oof.timeLabel(legend)}
      </label>
      <input
        id={timeId}
        type="time"
        required
        value={value.time}
        onChange={(event) => {
          onChange({ ...value, time: event.target.value });
        }}
      />
    </fieldset>
  );
}

export function OofEditor({
  oof,
  onDone,
}: {
  oof: OofSnapshot;
  onDone: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const now = useNow();
  const run = useApp((s) => s.run);
  const save = useApp((s) => s.actions['oof-save']);
  const account = useApp((s) => s.snapshot?.account);
  const [state, setState] = useState<OofState>(oof.state);
  const [audience, setAudience] = useState<ExternalAudience>(oof.externalAudience);
  const [start, setStart] = useState(() => initialValue(oof.start, format));
  const [end, setEnd] = useState(() => initialValue(oof.end, format));
  const [tried, setTried] = useState(false);
  const [initialInternal] = useState(() => replyText(oof.internalReply));
  const [initialExternal] = useState(() => replyText(oof.externalReply));
  const [internal, setInternal] = useState(initialInternal);
  const [external, setExternal] = useState(initialExternal);
  const ids = { internal: useId(), external: useId(), audience: useId() };

  const startIso = format.fromInputs(start.date, start.time);
  const endIso = format.fromInputs(end.date, end.time);
  const check = checkSchedule(startIso, endIso, now);
  // An unfinished window is only pointed out after Save; a wrong order as soon as it is typed.
  const problem =
    state !== 'scheduled' || check.ok
      ? undefined
      : check.problem === 'end-before-start'
        ? t.oof.endBeforeStart
        : tried
          ? t.oof.incomplete
          : undefined;

  const onSubmit = (event: React.SyntheticEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setTried(true);
    if (state === 'scheduled' && !check.ok) return;
    const window = check.ok && startIso !== undefined && endIso !== undefined;
    void run('oof-save', {
      type: 'set-oof',
      state,
      ...(window ? { start: startIso, end: endIso } : {}),
      internalReply: internal === initialInternal ? oof.internalReply : textToReplyHtml(internal),
      externalReply: external === initialExternal ? oof.externalReply : textToReplyHtml(external),
      externalAudience: audience,
    }).then((ok) => {
      if (ok) onDone();
    });
  };

  return (
    <form className="oof-editor" onSubmit={onSubmit} aria-busy={save.pending} noValidate>
      <fieldset className="choices">
        <legend>{t.oof.stateLabel}</legend>
        {OOF_STATE_CHOICES.map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="oof-state"
              value={value}
              checked={state === value}
              onChange={() => {
                setState(value);
              }}
            />
            {t.oof.state[value]}
          </label>
        ))}
      </fieldset>
      {state === 'scheduled' && (
        <div className="schedule-fields">
          <DateTimeField
            legend={t.oof.startLabel}
            value={start}
            onChange={setStart}
            testId="oof-start"
          />
          <DateTimeField legend={t.oof.endLabel} value={end} onChange={setEnd} testId="oof-end" />
          {problem !== undefined && (
            <p className="error" role="alert" data-testid="oof-schedule-error">
              {problem}
            </p>
          )}
          {check.ok && check.allInPast && (
            <p className="warning" role="status" data-testid="oof-schedule-warning">
              {t.oof.allInPast}
            </p>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.internal}>{t.oof.internalLabel}</label>
        <textarea
          id={ids.internal}
          rows={3}
          translate="no"
          dir="auto"
          value={internal}
          onChange={(event) => {
            setInternal(event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.audience}>{t.oof.audienceLabel}</label>
        <select
          id={ids.audience}
          value={audience}
          onChange={(event) => {
            setAudience(event.target.value as ExternalAudience);
          }}
        >
          {AUDIENCE_CHOICES.map((value) => (
            <option key={value} value={value}>
              {t.oof.audience[value]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.external}>{t.oof.externalLabel}</label>
        <textarea
          id={ids.external}
          rows={3}
          translate="no"
          dir="auto"
          value={external}
          onChange={(event) => {
            setExternal(event.target.value);
          }}
        />
      </div>
      <div className="card-actions">
        <button type="submit" className="button button-primary" disabled={save.pending}>
          {save.pending ? t.oof.saving : t.oof.save}
        </button>
        <button type="button" className="button" disabled={save.pending} onClick={onDone}>
          {t.oof.cancel}
        </button>
      </div>
      {save.error !== undefined && (
        <p className="error" role="alert">
          {t.commandFailed(actionErrorText(save, t, failureAudience(account)))}
        </p>
      )}
    </form>
  );
}
