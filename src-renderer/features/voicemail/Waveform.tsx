/**
 * The recording's waveform as a slider: bars from the core's precomputed peaks, the played part
 * in the accent colour, a click seeks where it lands, ←/→ move 5 s, Home/End go to the ends.
 *
 * Drawn here as SVG rather than with wavesurfer.js: wavesurfer 8 renders into a shadow root whose
 * styles it injects as an inline <style> element, which the window's CSP (`style-src 'self'`, no
 * nonce: the Electron policy is a fixed header) refuses. Allowing inline styles would widen the
 * CSP for a drawing of at most 512 numbers; the peaks come ready-made, so nothing is decoded in
 * the page and the <audio> element stays ours either way.
 */
import { useMemo } from 'react';
import { useMessages } from '../../store/context.js';
import { positionText, seekForClick, seekForKey, waveformBars } from './voicemail-text.js';

const BAR_COUNT = 72;
const HEIGHT = 40;

export function Waveform({
  peaks,
  position,
  total,
  disabled,
  onSeek,
}: {
  peaks: readonly number[];
  position: number;
  total: number;
  disabled: boolean;
  onSeek: (seconds: number) => void;
}): React.JSX.Element {
  const t = useMessages();
  const bars = useMemo(() => waveformBars(peaks, BAR_COUNT), [peaks]);
  const played = total > 0 ? Math.min(position / total, 1) : 0;
  const count = Math.max(bars.length, 1);
  return (
    <div
      className="vm-waveform"
      role="slider"
      tabIndex={disabled ? -1 : 0}
      aria-label={t.voicemail.waveformLabel}
      aria-valuemin={0}
      aria-valuemax={Math.round(total)}
      aria-valuenow={Math.round(position)}
      aria-valuetext={positionText(position, total, t)}
      aria-disabled={disabled}
      data-testid="voicemail-waveform"
      onPointerDown={(event) => {
        if (disabled || event.button !== 0) return;
        const box = event.currentTarget.getBoundingClientRect();
        onSeek(seekForClick(event.clientX - box.left, box.width, total));
      }}
      onKeyDown={(event) => {
        if (disabled) return;
        const next = seekForKey(event.key, position, total);
        if (next === undefined) return;
        event.preventDefault();
        onSeek(next);
      }}
    >
      <svg
        viewBox={`0 0 ${String(count)} ${String(HEIGHT)}`}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {bars.map((bar, i) => {
          const h = Math.max(bar * HEIGHT, 1.5);
          return (
            <rect
              key={i}
              x={i + 0.15}
              y={(HEIGHT - h) / 2}
              width={0.7}
              height={h}
              className={(i + 0.5) / count <= played ? 'vm-bar vm-bar-played' : 'vm-bar'}
            />
          );
        })}
        {bars.length === 0 && (
          // No peaks yet (the core computes them after the audio is ready): a flat line that
          // still shows how much has played.
          <>
            <rect
              x={0}
              y={HEIGHT / 2 - 0.75}
              width={played}
              height={1.5}
              className="vm-bar vm-bar-played"
              data-testid="voicemail-waveform-placeholder"
            />
            <rect
              x={played}
              y={HEIGHT / 2 - 0.75}
              width={1 - played}
              height={1.5}
              className="vm-bar"
            />
          </>
        )}
      </svg>
    </div>
  );
}
