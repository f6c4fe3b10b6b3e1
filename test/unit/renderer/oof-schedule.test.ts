/** The OOF editor's decisions: which windows may be sent, and what Turn off does. */
import { describe, expect, it } from 'vitest';
import type { OofSnapshot } from '../../../src-main/core/contract.js';
import {
  checkSchedule,
  oofActive,
  turnOffEffect,
} from '../../../src-renderer/features/oof/schedule.js';

const NOW = Date.parse('2025-06-10T17:00:00Z');
const oof = (state: OofSnapshot['state'], start?: string, end?: string): OofSnapshot => ({
  state,
  externalAudience: 'none',
  ...(start === undefined ? {} : { start }),
  ...(end === undefined ? {} : { end }),
  internalReply: '',
  externalReply: '',
});

describe('checkSchedule', () => {
  it('refuses an end before (or at) the start', () => {
    expect(checkSchedule('2025-06-12T09:00:00Z', '2025-06-11T09:00:00Z', NOW)).toEqual({
      ok: false,
      problem: 'end-before-start',
    });
    expect(checkSchedule('2025-06-12T09:00:00Z', '2025-06-12T09:00:00Z', NOW).ok).toBe(false);
  });

  it('refuses a window with a field left empty', () => {
    expect(checkSchedule(undefined, '2025-06-11T09:00:00Z', NOW)).toEqual({
      ok: false,
      problem: 'incomplete',
    });
  });

  it('accepts a window wholly in the past, with a warning', () => {
    expect(checkSchedule('2025-06-01T09:00:00Z', '2025-06-02T09:00:00Z', NOW)).toEqual({
      ok: true,
      allInPast: true,
    });
  });

  it('accepts a window that is running or to come', () => {
    expect(checkSchedule('2025-06-01T09:00:00Z', '2025-06-12T09:00:00Z', NOW)).toEqual({
      ok: true,
      allInPast: false,
    });
  });
});

describe('turnOffEffect', () => {
  it('cancels a schedule that has not started', () => {
    expect(
      turnOffEffect(oof('scheduled', '2025-06-12T09:00:00Z', '2025-06-13T09:00:00Z'), NOW),
    ).toEqual({
      kind: 'cancel-future',
      start: '2025-06-12T09:00:00Z',
      end: '2025-06-13T09:00:00Z',
    });
  });

  it('stops replies that are being sent', () => {
    expect(turnOffEffect(oof('enabled'), NOW)).toEqual({ kind: 'stop-now' });
    expect(
      turnOffEffect(oof('scheduled', '2025-06-09T09:00:00Z', '2025-06-13T09:00:00Z'), NOW),
    ).toEqual({ kind: 'stop-now' });
  });

  it('has nothing to do when replies are off', () => {
    expect(
      turnOffEffect(oof('disabled', '2025-06-12T09:00:00Z', '2025-06-13T09:00:00Z'), NOW),
    ).toEqual({
      kind: 'nothing',
    });
  });
});

describe('oofActive', () => {
  it('is true while on or inside the schedule only', () => {
    expect(oofActive(oof('enabled'), NOW)).toBe(true);
    expect(oofActive(oof('scheduled', '2025-06-09T09:00:00Z', '2025-06-13T09:00:00Z'), NOW)).toBe(
      true,
    );
    expect(oofActive(oof('scheduled', '2025-06-12T09:00:00Z', '2025-06-13T09:00:00Z'), NOW)).toBe(
      false,
    );
    expect(oofActive(oof('disabled'), NOW)).toBe(false);
  });
});
