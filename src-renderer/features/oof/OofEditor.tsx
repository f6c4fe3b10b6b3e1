/**
 * Editing automatic replies as plain text. A message the user does not touch goes back exactly
 * as the server sent it; one they edit is sent as their text (escaped, line breaks kept).
 */
import { useId, useState } from 'react';
import type { ExternalAudience, OofSnapshot, OofState } from '../../../src-main/core/contract.js';
import { AUDIENCE_CHOICES, OOF_STATE_CHOICES } from '../../contract-values.js';
import { fromLocalInput, toLocalInput } from '../../format/time.js';
import { useApp, useMessages } from '../../store/context.js';
import { replyText, textToReplyHtml } from './sanitize.js';

export function OofEditor({
  oof,
  onDone,
}: {
  oof: OofSnapshot;
  onDone: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const save = useApp((s) => s.actions['oof-save']);
  const [state, setState] = useState<OofState>(oof.state);
  const [audience, setAudience] = useState<ExternalAudience>(oof.externalAudience);
  const [start, setStart] = useState(oof.start === undefined ? '' : toLocalInput(oof.start));
  const [end, setEnd] = useState(oof.end === undefined ? '' : toLocalInput(oof.end));
  const [initialInternal] = useState(() => replyText(oof.internalReply));
  const [initialExternal] = useState(() => replyText(oof.externalReply));
  const [internal, setInternal] = useState(initialInternal);
  const [external, setExternal] = useState(initialExternal);
  const ids = {
    start: useId(),
    end: useId(),
    internal: useId(),
    external: useId(),
    audience: useId(),
  };

  const onSubmit = (event: React.SyntheticEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const startIso = fromLocalInput(start);
    const endIso = fromLocalInput(end);
    void run('oof-save', {
      type: 'set-oof',
      state,
      ...(startIso !== undefined && endIso !== undefined ? { start: startIso, end: endIso } : {}),
      internalReply: internal === initialInternal ? oof.internalReply : textToReplyHtml(internal),
      externalReply: external === initialExternal ? oof.externalReply : textToReplyHtml(external),
      externalAudience: audience,
    }).then((ok) => {
      if (ok) onDone();
    });
  };

  return (
    <form className="oof-editor" onSubmit={onSubmit} aria-busy={save.pending}>
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
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.start}>{t.oof.startLabel}</label>
            <input
              id={ids.start}
              type="datetime-local"
              required
              value={start}
              onChange={(event) => {
                setStart(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.end}>{t.oof.endLabel}</label>
            <input
              id={ids.end}
              type="datetime-local"
              required
              value={end}
              onChange={(event) => {
                setEnd(event.target.value);
              }}
            />
          </div>
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.internal}>{t.oof.internalLabel}</label>
        <textarea
          id={ids.internal}
          rows={3}
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
          {t.commandFailed(save.error)}
        </p>
      )}
    </form>
  );
}
