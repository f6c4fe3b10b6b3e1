/** Where "now" falls in the agenda: past, current, upcoming, and the marker's place. */
import { describe, expect, it } from 'vitest';
import type { AgendaItem } from '../../../src-main/core/contract.js';
import { agendaNow } from '../../../src-renderer/features/today/agenda-now.js';

function item(id: string, start: string, end: string, isAllDay = false): AgendaItem {
  return {
    id,
    subject: id,
    start: `2025-06-10T${start}:00Z`,
    end: `2025-06-10T${end}:00Z`,
    isAllDay,
    freeBusy: 'busy',
    isMeeting: false,
    isCancelled: false,
    isTentative: false,
    isPrivate: false,
  };
}

const at = (time: string): number => Date.parse(`2025-06-10T${time}:00Z`);
const DAY = [
  item('all-day', '00:00', '23:59', true),
  item('standup', '09:00', '09:15'),
  item('review', '10:00', '11:00'),
  item('lunch', '12:00', '13:00'),
];

describe('agendaNow', () => {
  it('dims what ended, highlights what runs, and puts the marker before what is next', () => {
    expect(agendaNow(DAY, at('10:30'))).toEqual({
      times: ['all-day', 'past', 'current', 'upcoming'],
      markerBefore: 3,
    });
  });

  it('puts the marker between two items when nothing runs', () => {
    expect(agendaNow(DAY, at('09:30'))).toEqual({
      times: ['all-day', 'past', 'upcoming', 'upcoming'],
      markerBefore: 2,
    });
  });

  it('treats an item as ended at its end instant and started at its start', () => {
    expect(agendaNow(DAY, at('11:00')).times[2]).toBe('past');
    expect(agendaNow(DAY, at('10:00')).times[2]).toBe('current');
  });

  it('never calls a cancelled meeting in progress, and puts the marker after it', () => {
    const cancelled = { ...item('review', '10:00', '11:00'), isCancelled: true };
    expect(
      agendaNow(
        [DAY[1], cancelled, DAY[3]].filter((i) => i !== undefined),
        at('10:30'),
      ),
    ).toEqual({
      times: ['past', 'past', 'upcoming'],
      markerBefore: 2,
    });
  });

  it('puts the marker after all-day items in the morning and last in the evening', () => {
    expect(agendaNow(DAY, at('08:00')).markerBefore).toBe(1);
    expect(agendaNow(DAY, at('20:00')).markerBefore).toBe(4);
    expect(agendaNow([], at('20:00')).markerBefore).toBe(0);
  });
});
