/**
 * The status menu: a button opening a small panel. Choosing a status applies it at once (the
 * quickest path) and the panel stays open, showing the choice with its expiry, so the expiry
 * and note can still be changed and applied. Focus stays inside the open panel (Tab cycles),
 * Esc closes it and gives focus back to the button. "Automatic replies…" opens their view.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type {
  ManualAvailability,
  ManualExpiry,
  Snapshot,
} from '../../../src-main/core/contract.js';
import { EXPIRY_CHOICES, MANUAL_CHOICES, NOTE_MAX_LENGTH } from '../../contract-values.js';
import { useNow } from '../../format/use-now.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { manualLine } from './manual-line.js';
import { focusTrapTarget } from './focus-trap.js';
import '../../styles/status-menu.css';
import { actionErrorText } from '../../format/action-error.js';
import { failureAudience } from '../settings/sign-in-text.js';

const FOCUSABLE = 'button:not(:disabled), select:not(:disabled), input:not(:disabled)';

export function StatusMenu({
  snapshot,
  onOpenOof,
}: {
  snapshot: Snapshot;
  onOpenOof: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const now = useNow();
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
  const currentLine = manualLine(snapshot.manual, t, format, now) ?? t.statusMenu.automatic;

  // Focus goes to the checked status when the panel opens (not on every snapshot after).
  useEffect(() => {
    if (!open) return;
    const index = Math.max(0, MANUAL_CHOICES.indexOf(current ?? 'available'));
    itemRefs.current[index]?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent): void => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target))
        setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const openPanel = (): void => {
    // The note field starts from the note in force, so Apply does not wipe it by accident.
    setNote(snapshot.manual?.note ?? snapshot.presence.note);
    setOpen(true);
  };

  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const apply = (availability: ManualAvailability): void => {
    void run('status', { type: 'set-manual-status', availability, note, expiry });
  };

  const reset = (): void => {
    void run('status', { type: 'reset-status' });
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

  const onPanelKey = (event: React.KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== 'Tab' || panelRef.current === null) return;
    const focusable = Array.from(panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      // The menu is one tab stop: only its roving item takes part.
      (el) => el.getAttribute('role') !== 'menuitemradio' || el.tabIndex === 0,
    );
    const target = focusTrapTarget(focusable, document.activeElement, event.shiftKey);
    if (target === undefined) return;
    event.preventDefault();
    target.focus();
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
          if (open) setOpen(false);
          else openPanel();
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
          onKeyDown={onPanelKey}
        >
          <p className="status-current" data-testid="status-current" aria-live="polite">
            {currentLine}
          </p>
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
                aria-disabled={action.pending}
                onClick={() => {
                  // Not `disabled`: a disabled item would drop the focus out of the panel.
                  if (!action.pending) apply(value);
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
          <div className="status-options">
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
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && current !== undefined) apply(current);
                }}
              />
            </div>
            <button
              type="button"
              className="button button-primary"
              disabled={current === undefined}
              aria-disabled={action.pending}
              onClick={() => {
                if (current !== undefined && !action.pending) apply(current);
              }}
            >
              {t.statusMenu.apply}
            </button>
          </div>
          <div className="panel-actions">
            <button
              type="button"
              className="button"
              aria-disabled={action.pending}
              onClick={() => {
                if (!action.pending) reset();
              }}
            >
              {t.statusMenu.reset}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setOpen(false);
                onOpenOof();
              }}
            >
              {t.statusMenu.oofEntry}
            </button>
            <button type="button" className="button button-quiet" onClick={close}>
              {t.statusMenu.close}
            </button>
          </div>
          {action.error !== undefined && (
            <p className="error" role="alert">
              {t.commandFailed(actionErrorText(action, t, failureAudience(snapshot.account)))}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
