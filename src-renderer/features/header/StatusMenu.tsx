/**
 * The status menu: a button opening a small panel with the expiry and note to apply, a menu of
 * every manual value (arrow keys move, Enter or Space chooses), and "Reset status".
 */
import { useEffect, useId, useRef, useState } from 'react';
import type {
  ManualAvailability,
  ManualExpiry,
  Snapshot,
} from '../../../src-main/core/contract.js';
import { EXPIRY_CHOICES, MANUAL_CHOICES, NOTE_MAX_LENGTH } from '../../contract-values.js';
import { useApp, useMessages } from '../../store/context.js';

export function StatusMenu({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions.status);
  const [open, setOpen] = useState(false);
  const [expiry, setExpiry] = useState<ManualExpiry>('never');
  const [note, setNote] = useState('');
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const panelId = useId();
  const expiryId = useId();
  const noteId = useId();
  const current = snapshot.manual?.availability;

  useEffect(() => {
    if (!open) return;
    const index = Math.max(0, MANUAL_CHOICES.indexOf(current ?? 'available'));
    itemRefs.current[index]?.focus();
    const onPointer = (event: PointerEvent): void => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target))
        setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open, current]);

  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const choose = (availability: ManualAvailability): void => {
    void run('status', { type: 'set-manual-status', availability, note, expiry }).then((ok) => {
      if (ok) close();
    });
  };

  const reset = (): void => {
    void run('status', { type: 'reset-status' }).then((ok) => {
      if (ok) close();
    });
  };

  const onMenuKey = (event: React.KeyboardEvent, index: number): void => {
    const last = MANUAL_CHOICES.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: index === last ? 0 : index + 1,
      ArrowUp: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    itemRefs.current[target]?.focus();
  };

  return (
    <div className="status-menu">
      <button
        ref={buttonRef}
        type="button"
        className="button status-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {t.statusMenu.button}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          className="status-panel"
          role="dialog"
          aria-label={t.statusMenu.dialogLabel}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              close();
            }
          }}
        >
          <div className="field">
            <label htmlFor={expiryId}>{t.statusMenu.expiryLabel}</label>
            <select
              id={expiryId}
              value={expiry}
              onChange={(event) => {
                setExpiry(event.target.value as ManualExpiry);
              }}
            >
              {EXPIRY_CHOICES.map((value) => (
                <option key={value} value={value}>
                  {t.expiry[value]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={noteId}>{t.statusMenu.noteLabel}</label>
            <input
              id={noteId}
              type="text"
              maxLength={NOTE_MAX_LENGTH}
              placeholder={t.statusMenu.notePlaceholder}
              value={note}
              onChange={(event) => {
                setNote(event.target.value);
              }}
            />
          </div>
          <div className="menu" role="menu" aria-label={t.statusMenu.availabilityGroup}>
            {MANUAL_CHOICES.map((value, index) => (
              <button
                key={value}
                ref={(el) => {
                  itemRefs.current[index] = el;
                }}
                type="button"
                role="menuitemradio"
                aria-checked={current === value}
                tabIndex={(current ?? 'available') === value ? 0 : -1}
                className="menu-item"
                disabled={action.pending}
                onClick={() => {
                  choose(value);
                }}
                onKeyDown={(event) => {
                  onMenuKey(event, index);
                }}
              >
                <span className={`dot presence-${value}`} aria-hidden="true" />
                {t.manualChoice[value]}
              </button>
            ))}
          </div>
          <div className="panel-actions">
            <button type="button" className="button" disabled={action.pending} onClick={reset}>
              {t.statusMenu.reset}
            </button>
            <button type="button" className="button button-quiet" onClick={close}>
              {t.statusMenu.close}
            </button>
          </div>
          {action.error !== undefined && (
            <p className="error" role="alert">
              {t.commandFailed(action.error)}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
