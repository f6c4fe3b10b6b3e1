/**
 * Writing a message: a text box and Send, always in sight under the messages. Enter sends,
 * Shift+Enter starts a new line. Typing tells the contact (composing, then paused after a quiet
 * spell). A message the core refused stays in the box, with the reason in words.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { MAX_CHAT_MESSAGE_LENGTH } from './limits.js';
import { useApp, useMessages } from '../../store/context.js';
import { imActionError } from '../contacts/contact-lines.js';
import { createTypingSignal } from './typing-signal.js';

export function Composer({ to, hint }: { to: string; hint?: string }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const clearError = useApp((s) => s.clearError);
  const action = useApp((s) => s.actions['send-message']);
  const [text, setText] = useState('');
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();

  const typing = useMemo(
    () =>
      createTypingSignal(
        (state) => {
          void run('chat-signal', { type: 'set-chat-state', to, state });
        },
        {
          set: (fn, ms) => setTimeout(fn, ms),
          clear: (handle) => {
            clearTimeout(handle as ReturnType<typeof setTimeout>);
          },
        },
      ),
    [run, to],
  );
  useEffect(
    () => () => {
      typing.dispose();
    },
    [typing],
  );

  const tooLong = text.length > MAX_CHAT_MESSAGE_LENGTH;
  const send = (): void => {
    const body = text.trim();
    if (body === '' || tooLong || action.pending) return;
    void run('send-message', { type: 'send-message', to, body }).then((ok) => {
      if (!ok) return;
      setText('');
      typing.reset();
    });
  };
  const describedBy = [action.error === undefined ? '' : errorId, hint === undefined ? '' : hintId]
    .filter(Boolean)
    .join(' ');

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {action.error !== undefined && (
        <p id={errorId} className="error" role="alert" data-testid="send-error">
          {t.chat.sendFailed} {imActionError(action, t)}
        </p>
      )}
      {tooLong && (
        <p className="error" role="alert">
          {t.chat.tooLong(MAX_CHAT_MESSAGE_LENGTH)}
        </p>
      )}
      {hint !== undefined && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <div className="composer-row">
        <label htmlFor={inputId} className="sr-only">
          {t.chat.composerLabel}
        </label>
        <textarea
          id={inputId}
          rows={2}
          placeholder={t.chat.composerPlaceholder}
          aria-describedby={describedBy === '' ? undefined : describedBy}
          aria-invalid={tooLong}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            clearError('send-message');
            typing.input(event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        <button
          type="submit"
          className="button button-primary"
          disabled={action.pending || text.trim() === '' || tooLong}
          aria-busy={action.pending}
        >
          {t.chat.send}
        </button>
      </div>
    </form>
  );
}
