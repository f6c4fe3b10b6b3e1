/**
 * The group names the demo mailbox's chat network makes up are Beacon's words, the English
 * catalogue's `contacts.demoGroups`: the window (contact-list.ts groupLabel) heads each one in its
 * language. Checked against the roster the demo network really sends, so a group added there
 * cannot stay English in the Korean window.
 */
import { describe, expect, it } from 'vitest';
import { DemoImProvider } from '../../../src-main/im/demo/demo-provider.js';
import { DEMO_CONTACTS } from '../../../src-main/sim/seed.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

/** The roster the demo mailbox's chat network really sends, over its own provider. */
function demoRosterGroups(): string[] {
  const provider = new DemoImProvider({
    clock: { now: () => 0, setTimer: () => () => undefined },
    contacts: DEMO_CONTACTS,
  });
  const groups: string[] = [];
  provider.on('roster', (entries) => {
    groups.push(...entries.flatMap((entry) => entry.groups));
  });
  void provider.connect();
  return [...new Set(groups)];
}

describe("the demo mailbox's group names", () => {
  it('are each a heading of the catalogue, in English and in Korean', () => {
    const names = demoRosterGroups();
    expect(names.length).toBeGreaterThanOrEqual(3);
    const keys = Object.keys(en.contacts.demoGroups) as (keyof typeof en.contacts.demoGroups)[];
    for (const name of names) {
      const key = keys.find((k) => en.contacts.demoGroups[k] === name);
      expect(key, name).toBeDefined();
      if (key === undefined) continue;
      expect(ko.contacts.demoGroups[key]).not.toBe(name);
      expect(ko.contacts.demoGroups[key]).toMatch(/[\uac00-\ud7a3]/);
    }
  });
});
