/**
 * "Add contact": a button that opens a one-field form (their address). The core asks them to share
 * their presence; the form says so, or why it could not.
 */
import { useId, useRef, useState } from 'react';
import { useApp, useMessages } from '../../store/context.js';
import { imActionError } from './contact-lines.js';

export function AddContact(): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const action = useApp((s) => s.actions['add-contact']);
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState('');
  const [added, setAdded] = useState<string | undefined>();
  const opener = useRef<HTMLButtonElement>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  if (!open)
    return (
      <div className="add-contact">
        <button
          ref={opener}
          type="button"
          className="button"
          onClick={() => {
            setOpen(true);
            setAdded(undefined);
            clearError('add-contact');
          }}
        >
          {t.contacts.add}
        </button>
        <span className="muted" role="status">
          {added === undefined ? '' : t.contacts.added(added)}
        </span>
      </div>
    );

  const close = (): void => {
    setOpen(false);
    setAddress('');
    clearError('add-contact');
    requestAnimationFrame(() => opener.current?.focus());
  };

  return (
    <form
      className="settings-form add-contact-form"
      aria-labelledby={`${inputId}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        const wanted = address.trim();
        void run('add-contact', { type: 'add-contact', address: wanted }).then((ok) => {
          if (!ok) return;
          setAdded(wanted);
          close();
        });
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      }}
    >
      <h3 id={`${inputId}-title`}>{t.contacts.addTitle}</h3>
      <div className="field">
        <label htmlFor={inputId}>{t.contacts.addressLabel}</label>
        <input
          id={inputId}
          type="email"
          autoComplete="off"
          required
          // The form appears on the user's own press: the address is what they came to type.
          autoFocus
          aria-describedby={action.error === undefined ? hintId : `${errorId} ${hintId}`}
          aria-invalid={action.error !== undefined}
          value={address}
          onChange={(event) => {
            setAddress(event.target.value);
            clearError('add-contact');
          }}
        />
        <span id={hintId} className="hint">
          {t.contacts.addressHint}
        </span>
      </div>
      {action.error !== undefined && (
        <p id={errorId} className="error" role="alert">
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
          {action.pending ? t.contacts.adding : t.contacts.add}
        </button>
        <button type="button" className="button" onClick={close}>
          {t.contacts.cancel}
        </button>
      </div>
    </form>
  );
}
