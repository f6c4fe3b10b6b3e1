/**
 * The device-code step as lines for a terminal (the CLI prints them): where to go and what to
 * type. The code and address come from the authority; only their printable characters are kept.
 */
import type { DeviceCodeStep } from './session.js';

const printable = (text: string): string => text.replace(/[^\x21-\x7e]/g, '');

export function deviceCodeLines(step: DeviceCodeStep, now: Date = new Date()): string[] {
  const minutes = Math.max(1, Math.round((step.expiresAt.getTime() - now.getTime()) / 60_000));
  return [
    `To sign in, open ${printable(step.verificationUri)} in a browser`,
    `and enter the code ${printable(step.userCode)} (valid for ${minutes} min).`,
  ];
}
