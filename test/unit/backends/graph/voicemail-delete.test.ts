/**
 * The delete's memory of its own moves and which failures leave a move's outcome unknown.
 */
import { describe, expect, it } from 'vitest';
import {
  moveOutcomeUnknown,
  OwnMoves,
} from '../../../../src-main/backends/graph/voicemail-delete.js';
import { GraphError } from '../../../../src-main/graph/errors.js';

describe('OwnMoves', () => {
  it('keeps the most recent ids up to its limit, a repeated id counting as recent', () => {
    const moves = new OwnMoves(2);
    moves.add('a');
    moves.add('b');
    moves.add('a');
    moves.add('c');
    expect(['a', 'b', 'c'].map((id) => moves.has(id))).toEqual([true, false, true]);
  });
});

describe('moveOutcomeUnknown', () => {
  it.each([
    ['a dropped connection', new GraphError('network', 'x'), true],
    ['the deadline', new GraphError('timeout', 'x'), true],
    ['a cancel', new GraphError('aborted', 'x'), true],
    ['a 404', new GraphError('not-found', 'x', { status: 404 }), false],
    ['a 500 answered', new GraphError('server', 'x', { status: 500 }), false],
    ['a pause of our own', new GraphError('throttled', 'x'), false],
    ['not a Graph error', new Error('x'), false],
  ])('%s: %s', (_what, error, unknown) => {
    expect(moveOutcomeUnknown(error)).toBe(unknown);
  });
});
