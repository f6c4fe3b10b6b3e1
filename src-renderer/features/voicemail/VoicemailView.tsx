/**
 * The Voicemail tab: the newest messages first, one opened in the player, and an Undo bar while a
 * deleted message can still come back (the core keeps it until `deletingUntil`). With nothing to
 * show it says so plainly.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { Sentence } from '../../format/Sentence.js';
import { useNow } from '../../format/use-now.js';
import { useApp, useMessages } from '../../store/context.js';
import { VoicemailPlayer } from './VoicemailPlayer.js';
import { VoicemailRow } from './VoicemailRow.js';
import { callerText, prefetchIds, undoableItems, visibleItems } from './voicemail-text.js';
import './voicemail.css';

export function VoicemailView({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const v = t.voicemail;
  const now = useNow();
  const run = useApp((s) => s.run);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  /** The item opened by a notice's Play: its player starts at once. */
  const [autoPlay, setAutoPlay] = useState<string | undefined>(undefined);
  const navigation = useApp((s) => s.navigation);
  const navigationDone = useApp((s) => s.navigationDone);
  const [, setTick] = useState(0);
  const openedFrom = useRef<string | undefined>(undefined);
  const list = useRef<HTMLUListElement>(null);

  // The newest unread recordings are fetched once the view is open (not at start, which the user
  // did not ask for), each once, so Play starts at once; new voicemail while open joins them.
  const asked = useRef(new Set<string>());
  const ahead = prefetchIds(snapshot.voicemail)
    .filter((id) => !asked.current.has(id))
    .join('\n');
  useEffect(() => {
    for (const id of ahead.split('\n')) {
      if (id === '' || asked.current.has(id)) continue;
      asked.current.add(id);
      void run('voicemail-prefetch', { type: 'prepare-voicemail-audio', id });
    }
  }, [ahead, run]);

  const items = visibleItems(snapshot.voicemail);
  const undoable = undoableItems(snapshot.voicemail, Date.now());
  const current = items.find((item) => item.id === selected);
  const listShown = current === undefined && items.length > 0;

  // Only the rows in sight (and a few more) are drawn: 200 messages open as fast as 10. The
  // content area is the scroller; the list starts below the Undo bar.
  const virtualizer = useVirtualizer({
    count: listShown ? items.length : 0,
    getScrollElement: () => list.current?.closest<HTMLElement>('.content') ?? null,
    estimateSize: () => 68,
    overscan: 8,
    getItemKey: (index) => items[index]?.id ?? String(index),
    scrollMargin: list.current?.offsetTop ?? 0,
  });

  // A notice opened a voicemail: its player shows (and plays, for Play).
  useEffect(() => {
    if (navigation === undefined || navigation.done) return;
    const { target } = navigation;
    if (target.view !== 'voicemail') return;
    navigationDone(navigation.seq);
    setSelected(target.id);
    setAutoPlay(target.play ? target.id : undefined);
  }, [navigation, navigationDone]);

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

  // Back in the list: the row that was opened is brought into sight and takes focus again.
  useEffect(() => {
    if (selected !== undefined || openedFrom.current === undefined) return;
    const id = openedFrom.current;
    openedFrom.current = undefined;
    const index = items.findIndex((item) => item.id === id);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    const focusRow = (): void => {
      const rows = [...(list.current?.querySelectorAll<HTMLElement>('.vm-row') ?? [])];
      (rows.find((element) => element.dataset.id === id) ?? rows[0])?.focus();
    };
    requestAnimationFrame(focusRow);
  }, [selected]);

  const undoBar = undoable.length > 0 && (
    <div className="vm-undo-bar" role="status" data-testid="voicemail-undo">
      {undoable.map((item) => (
        <p key={item.id} className="vm-undo">
          <span>
            <Sentence message={v.deleted} args={[callerText(item, t)]} />
          </span>
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
          autoPlay={autoPlay === current.id}
          onBack={() => {
            setSelected(undefined);
            setAutoPlay(undefined);
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
      <ul
        className="vm-list"
        aria-label={v.listLabel}
        ref={list}
        data-testid="voicemail-list"
        style={{ height: `${String(virtualizer.getTotalSize())}px` }}
      >
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (item === undefined) return null;
          return (
            <VoicemailRow
              key={row.key}
              item={item}
              now={now}
              index={row.index}
              total={items.length}
              top={row.start - virtualizer.options.scrollMargin}
              measure={virtualizer.measureElement}
              onOpen={(id) => {
                openedFrom.current = id;
                setSelected(id);
              }}
            />
          );
        })}
      </ul>
    </>
  );
}
