/**
 * The Voicemail tab: the newest messages first, one opened in the player, and an Undo bar while a
 * deleted message can still come back (the core keeps it until `deletingUntil`). With nothing to
 * show it says so plainly.
 */
import { useEffect, useRef, useState } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useNow } from '../../format/use-now.js';
import { useApp, useMessages } from '../../store/context.js';
import { VoicemailPlayer } from './VoicemailPlayer.js';
import { VoicemailRow } from './VoicemailRow.js';
import { callerText, undoableItems, visibleItems } from './voicemail-text.js';
import './voicemail.css';

export function VoicemailView({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const v = t.voicemail;
  const now = useNow();
  const run = useApp((s) => s.run);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [, setTick] = useState(0);
  const openedFrom = useRef<string | undefined>(undefined);
  const list = useRef<HTMLUListElement>(null);

  const items = visibleItems(snapshot.voicemail);
  const undoable = undoableItems(snapshot.voicemail, Date.now());
  const current = items.find((item) => item.id === selected);

  // The Undo bar goes when the core's Undo time is over.
  const nextEnd = undoable.reduce(
    (soonest, item) => Math.min(soonest, Date.parse(item.deletingUntil ?? '')),
    Infinity,
  );
  useEffect(() => {
    if (!Number.isFinite(nextEnd)) return;
    const timer = setTimeout(
      () => {
        setTick((n) => n + 1);
      },
      Math.max(0, nextEnd - Date.now()) + 50,
    );
    return () => {
      clearTimeout(timer);
    };
  }, [nextEnd]);

  // Back in the list: the row that was opened takes focus again.
  useEffect(() => {
    if (selected !== undefined || openedFrom.current === undefined) return;
    const id = openedFrom.current;
    openedFrom.current = undefined;
    const row = [...(list.current?.querySelectorAll<HTMLElement>('.vm-row') ?? [])].find(
      (element) => element.dataset.id === id,
    );
    (row ?? list.current?.querySelector<HTMLElement>('.vm-row'))?.focus();
  }, [selected]);

  const undoBar = undoable.length > 0 && (
    <div className="vm-undo-bar" role="status" data-testid="voicemail-undo">
      {undoable.map((item) => (
        <p key={item.id} className="vm-undo">
          <span>{v.deleted(callerText(item, t))}</span>
          <button
            type="button"
            className="button"
            onClick={() => void run('voicemail', { type: 'undo-delete-voicemail', id: item.id })}
          >
            {v.undo}
          </button>
        </p>
      ))}
    </div>
  );

  if (current !== undefined)
    return (
      <>
        {undoBar}
        <VoicemailPlayer
          key={current.id}
          item={current}
          markReadOnPlay={snapshot.settings.voicemail.markReadOnPlay}
          onBack={() => {
            setSelected(undefined);
          }}
          onDeleted={() => {
            setSelected(undefined);
          }}
        />
      </>
    );

  if (items.length === 0)
    return (
      <>
        {undoBar}
        <div className="empty-state" data-testid="voicemail-empty">
          <p className="empty-title">{t.views.voicemailEmpty}</p>
          <p className="muted">{t.views.voicemailWhy}</p>
        </div>
      </>
    );

  return (
    <>
      {undoBar}
      <ul className="vm-list" aria-label={v.listLabel} ref={list} data-testid="voicemail-list">
        {items.map((item) => (
          <VoicemailRow
            key={item.id}
            item={item}
            now={now}
            onOpen={(id) => {
              openedFrom.current = id;
              setSelected(id);
            }}
          />
        ))}
      </ul>
    </>
  );
}
