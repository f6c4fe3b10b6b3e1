/**
 * One voicemail in the content area: who and when, Play with the waveform and speed, the main
 * actions (Call back, Mark unread, Delete, Save) above the fold at 360×560, then the full
 * transcript. The <audio> element is ours; Play asks the core to fetch the recording when it is
 * not here yet and starts it once the Snapshot says it is ready.
 */
import { useEffect, useRef, useState } from 'react';
import type { CommandInput, VoicemailItem } from '../../../src-main/core/contract.js';
import { useApp, useFormat, useMessages } from '../../store/context.js';
import { Isolated } from '../../format/Isolated.js';
import { Waveform } from './Waveform.js';
import {
  PLAYBACK_RATES,
  audioSentence,
  callerText,
  downloadHref,
  durationText,
  itemDuration,
  numberText,
  shouldMarkRead,
  type PlaybackRate,
} from './voicemail-text.js';

export function VoicemailPlayer({
  item,
  markReadOnPlay,
  autoPlay = false,
  onBack,
  onDeleted,
}: {
  item: VoicemailItem;
  markReadOnPlay: boolean;
  /** Start playing once open (a notice's Play). */
  autoPlay?: boolean;
  onBack: () => void;
  onDeleted: () => void;
}): React.JSX.Element {
  const t = useMessages();
  const format = useFormat();
  const run = useApp((s) => s.run);
  const failed = useApp((s) => s.actions.voicemail.error !== undefined);
  const clearError = useApp((s) => s.clearError);
  const v = t.voicemail;
  const heading = useRef<HTMLHeadingElement>(null);
  const media = useRef<HTMLAudioElement>(null);
  const [position, setPosition] = useState(0);
  const [mediaDuration, setMediaDuration] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [wantPlay, setWantPlay] = useState(false);
  const [mediaFailed, setMediaFailed] = useState(false);
  const [rate, setRate] = useState<PlaybackRate>(1);
  const markSent = useRef(false);

  const audio = item.audio;
  const caller = callerText(item, t);
  const number = numberText(item);
  const sentence = audioSentence(item, t);
  const playable = item.kind === 'voicemail' && audio.state !== 'unplayable';
  const ready = audio.state === 'ready' ? audio : undefined;
  const total = mediaDuration > 0 ? mediaDuration : (itemDuration(item) ?? 0);
  const send = (command: CommandInput): Promise<boolean> => run('voicemail', command);

  // Land in the view (a keyboard or screen-reader user), with no failure left from another item.
  useEffect(() => {
    heading.current?.focus();
    clearError('voicemail');
  }, [clearError]);

  // Play pressed before the recording was here: start it as soon as it is.
  useEffect(() => {
    if (!wantPlay) return;
    if (audio.state === 'unplayable') setWantPlay(false);
    else if (audio.state === 'ready' && media.current !== null) {
      setWantPlay(false);
      void media.current.play().catch(() => {
        setPlaying(false);
      });
    }
  }, [wantPlay, audio.state]);

  useEffect(() => {
    if (media.current === null) return;
    media.current.defaultPlaybackRate = rate;
    media.current.playbackRate = rate;
  }, [rate, ready?.src]);

  const maybeMarkRead = (ended: boolean): void => {
    const element = media.current;
    if (element === null) return;
    const mark = shouldMarkRead({
      position: element.currentTime,
      ended,
      isRead: item.isRead,
      setting: markReadOnPlay,
      alreadySent: markSent.current,
    });
    if (!mark) return;
    markSent.current = true;
    void send({ type: 'set-voicemail-read', id: item.id, read: true });
  };

  const togglePlay = (): void => {
    const element = media.current;
    if (playing && element !== null) {
      element.pause();
      return;
    }
    if (audio.state === 'ready' && element !== null) {
      void element.play().catch(() => {
        setPlaying(false);
      });
      return;
    }
    setWantPlay(true);
    // A refused request must not leave "Getting the recording…" on screen for good.
    if (audio.state === 'not-loaded')
      void send({ type: 'prepare-voicemail-audio', id: item.id }).then((ok) => {
        if (!ok) setWantPlay(false);
      });
  };

  // Opened by a notice's Play: play as if Play was pressed here, once.
  const autoPlayed = useRef(false);
  useEffect(() => {
    if (!autoPlay || autoPlayed.current || !playable) return;
    autoPlayed.current = true;
    togglePlay();
  }, [autoPlay]);

  const seek = (seconds: number): void => {
    const element = media.current;
    if (element === null) return;
    element.currentTime = seconds;
    setPosition(seconds);
  };

  const loading = wantPlay || audio.state === 'loading';
  const canCall = item.callbackNumber !== undefined || item.callerNumber !== undefined;
  const save = downloadHref(audio);

  return (
    <section className="vm-player" aria-labelledby="vm-player-title" data-testid="voicemail-player">
      <div className="view-head">
        <button type="button" className="button button-quiet back" onClick={onBack}>
          <span aria-hidden="true">‹ </span>
          {v.back}
        </button>
      </div>
      <div className="vm-player-who">
        <h2 id="vm-player-title" ref={heading} tabIndex={-1}>
          <Isolated>{caller}</Isolated>
        </h2>
        <p className="muted vm-player-when">
          {number !== undefined && <Isolated className="vm-number">{number}</Isolated>}
          <span>{format.dateTime(item.receivedAt)}</span>
        </p>
      </div>

      {playable && (
        <div className="vm-controls">
          <button
            type="button"
            className="button button-primary vm-play"
            aria-label={playing ? v.pause : v.play}
            title={playing ? v.pause : v.play}
            aria-busy={loading}
            onClick={togglePlay}
            data-testid="voicemail-play"
          >
            <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
          </button>
          <Waveform
            peaks={ready?.peaks ?? []}
            position={position}
            total={total}
            disabled={ready === undefined}
            onSeek={seek}
          />
          <span className="vm-time" aria-hidden="true">
            {durationText(position)} / {durationText(total)}
          </span>
        </div>
      )}
      {playable && (
        <div className="vm-speed" role="group" aria-label={v.speedLabel}>
          <span className="muted" aria-hidden="true">
            {v.speedLabel}
          </span>
          {PLAYBACK_RATES.map((r) => (
            <button
              key={r}
              type="button"
              className="button button-quiet vm-rate"
              aria-pressed={rate === r}
              onClick={() => {
                setRate(r);
              }}
            >
              {v.speed(r)}
            </button>
          ))}
        </div>
      )}
      {loading && (
        <p className="muted" role="status">
          {v.loadingAudio}
        </p>
      )}
      {(sentence !== undefined || mediaFailed) && (
        <p className="vm-problem" data-testid="voicemail-problem">
          {sentence ?? v.problem.corrupt}
        </p>
      )}
      {ready !== undefined && (
        <audio
          ref={media}
          src={ready.src}
          preload="metadata"
          data-testid="voicemail-audio"
          onPlay={() => {
            setPlaying(true);
            setMediaFailed(false);
          }}
          onPause={() => {
            setPlaying(false);
          }}
          onLoadedMetadata={(event) => {
            const d = event.currentTarget.duration;
            if (Number.isFinite(d)) setMediaDuration(d);
            event.currentTarget.playbackRate = rate;
          }}
          onTimeUpdate={(event) => {
            setPosition(event.currentTarget.currentTime);
            maybeMarkRead(false);
          }}
          onEnded={() => {
            setPlaying(false);
            maybeMarkRead(true);
          }}
          onError={() => {
            setMediaFailed(true);
            setPlaying(false);
          }}
        />
      )}

      <div className="vm-actions">
        {canCall && (
          <button
            type="button"
            className="button"
            onClick={() => void send({ type: 'call-back', id: item.id })}
          >
            {v.callBack}
          </button>
        )}
        <button
          type="button"
          className="button"
          onClick={() => {
            markSent.current = true;
            void send({ type: 'set-voicemail-read', id: item.id, read: !item.isRead });
          }}
        >
          {item.isRead ? v.markUnread : v.markRead}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            media.current?.pause();
            void send({ type: 'delete-voicemail', id: item.id }).then((ok) => {
              if (ok) onDeleted();
            });
          }}
        >
          {v.delete}
        </button>
        {save !== undefined && (
          <a className="button vm-save" href={save} download>
            {v.save}
          </a>
        )}
        {audio.state === 'unplayable' && audio.problem === 'format-unsupported' && (
          <button
            type="button"
            className="button"
            onClick={() => void send({ type: 'open-voicemail-audio', id: item.id })}
          >
            {v.openInPlayer}
          </button>
        )}
        {audio.state === 'unplayable' && audio.problem === 'fetch-failed' && (
          <button
            type="button"
            className="button"
            onClick={() => void send({ type: 'prepare-voicemail-audio', id: item.id })}
          >
            {v.tryAgain}
          </button>
        )}
      </div>
      {failed && (
        <p className="error" role="alert">
          {v.failed}
        </p>
      )}

      <div className="vm-transcript-block">
        <h3 className="vm-transcript-title">{v.transcriptTitle}</h3>
        {item.transcript.trim() === '' ? (
          <p className="muted">{v.noTranscript}</p>
        ) : (
          <p className="vm-transcript">
            <Isolated>{item.transcript}</Isolated>
          </p>
        )}
      </div>
    </section>
  );
}
