/** A message's time: the time today, the day and time on another day, in the viewer's zone. */
import { describe, expect, it } from 'vitest';
import { messageTime } from '../../../src-renderer/features/chat/message-time.js';
import { createFormatter } from '../../../src-renderer/format/formatter.js';

const NOW = Date.parse('2025-06-10T17:07:00Z'); // Tue 10:07 in Los Angeles, Wed 02:07 in Seoul
const la = createFormatter('en-GB', 'America/Los_Angeles');
const seoul = createFormatter('ko', 'Asia/Seoul');

describe('messageTime', () => {
  it('says only the time for a message from today', () => {
    expect(messageTime('2025-06-10T16:02:00Z', NOW, la)).toBe('09:02');
  });

  it('names the day for a message from another day', () => {
    expect(messageTime('2025-06-07T16:02:00Z', NOW, la)).toBe(la.dateTime('2025-06-07T16:02:00Z'));
    expect(messageTime('2025-06-07T16:02:00Z', NOW, la)).toMatch(/Sat/);
  });

  it('decides "today" in the viewer zone', () => {
    // 14:00 UTC on the 10th is 07:00 in LA (today) but 23:00 on the 10th in Seoul (yesterday there).
    expect(messageTime('2025-06-10T14:00:00Z', NOW, la)).toBe('07:00');
    expect(messageTime('2025-06-10T14:00:00Z', NOW, seoul)).toBe(
      seoul.dateTime('2025-06-10T14:00:00Z'),
    );
  });
});
