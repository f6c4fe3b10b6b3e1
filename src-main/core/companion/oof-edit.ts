/**
 * The OOF a save sends: the settings last read from the server with only what the user edits
 * replaced, so every field the UI does not show (decline options, OOF event, reply languages…)
 * goes back exactly as the server holds it.
 */
import type { ExternalAudience, OofSettings, OofState } from '../../mailbox/oof.js';
import type { CommandOf } from '../contract.js';

const STATES: Record<CommandOf<'set-oof'>['state'], OofState> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  scheduled: 'Scheduled',
};

const AUDIENCES: Record<CommandOf<'set-oof'>['externalAudience'], ExternalAudience> = {
  none: 'None',
  known: 'Known',
  all: 'All',
};

export function editedOof(last: OofSettings, command: CommandOf<'set-oof'>): OofSettings {
  const next: OofSettings = {
    ...last,
    state: STATES[command.state],
    externalAudience: AUDIENCES[command.externalAudience],
    internalReply: { ...last.internalReply, message: command.internalReply },
    externalReply: { ...last.externalReply, message: command.externalReply },
  };
  // A window given with any state is kept (servers remember it); none given keeps the old one.
  if (command.start !== undefined && command.end !== undefined)
    next.duration = { start: new Date(command.start), end: new Date(command.end) };
  // Read-only: the administrator's limit is never sent back.
  delete next.allowExternalOof;
  return next;
}

export function oofTurnedOff(last: OofSettings): OofSettings {
  const next: OofSettings = { ...last, state: 'Disabled' };
  delete next.allowExternalOof;
  return next;
}
