/** How far an outgoing message got, as a mark and the words a screen reader says. Pure. */
import type { ChatMessage } from '../../../src-main/core/contract.js';

const MARKS: Record<ChatMessage['state'], string> = {
  sending: '…',
  sent: '✓',
  delivered: '✓✓',
  displayed: '✓✓',
  failed: '!',
};

export function tickMark(state: ChatMessage['state']): string {
  return MARKS[state];
}
