/**
 * The manual choice under the name ("Do not disturb · until 10:10"); nothing while presence is
 * automatic. Drop it anywhere inside the header: `<ManualLine snapshot={snapshot} />`.
 */
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useFormat, useMessages } from '../../store/context.js';
import { useNow } from '../../format/use-now.js';
import { manualLine } from './manual-line.js';

export function ManualLine({ snapshot }: { snapshot: Snapshot }): React.JSX.Element | null {
  const t = useMessages();
  const format = useFormat();
  const now = useNow();
  const line = manualLine(snapshot.manual, t, format, now);
  if (line === undefined) return null;
  return (
    <p className="manual-line" data-testid="manual-line">
      {line}
    </p>
  );
}
