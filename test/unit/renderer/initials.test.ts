/** The avatar's initials: what a Communicator user expects to see in the circle. */
import { describe, expect, it } from 'vitest';
import { initialsOf } from '../../../src-renderer/features/header/initials.js';

describe('initialsOf', () => {
  it('takes the first letter of a single name', () => {
    expect(initialsOf('Alex')).toBe('A');
  });

  it('takes the first and last names of a full name', () => {
    expect(initialsOf('Alex Wilber')).toBe('AW');
    expect(initialsOf('Megan de la Bowen')).toBe('MB');
  });

  it('capitalises lower-case names', () => {
    expect(initialsOf('alex wilber')).toBe('AW');
  });

  it('uses the local part of an email address when there is no name', () => {
    expect(initialsOf('alex@beacon.test')).toBe('A');
    expect(initialsOf('alex.wilber@beacon.test')).toBe('AW');
  });

  it('shows a question mark rather than an empty circle', () => {
    expect(initialsOf('')).toBe('?');
    expect(initialsOf('   ')).toBe('?');
    expect(initialsOf('@beacon.test')).toBe('?');
  });

  it('keeps non-Latin names whole, letter by letter', () => {
    expect(initialsOf('김민준')).toBe('김');
    expect(initialsOf('Zoë Émile')).toBe('ZÉ');
    expect(initialsOf('Ιωάννης Παπαδόπουλος')).toBe('ΙΠ');
  });

  it('never splits a character outside the Basic Multilingual Plane', () => {
    expect(initialsOf('𝒜lex 𝒲ilber')).toBe('𝒜𝒲');
  });
});
