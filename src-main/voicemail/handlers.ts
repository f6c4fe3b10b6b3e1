/** The contract's voicemail commands, carried out by the voicemail service. */
import type { CommandHandlers, CommandResult } from '../core/contract.js';
import type { VoicemailService } from './service.js';

type VoicemailCommand =
  | 'prepare-voicemail-audio'
  | 'set-voicemail-read'
  | 'delete-voicemail'
  | 'undo-delete-voicemail'
  | 'call-back'
  | 'open-voicemail-audio';

export function voicemailHandlers(
  service: VoicemailService,
): Pick<CommandHandlers, VoicemailCommand> {
  const now = (result: CommandResult): Promise<CommandResult> => Promise.resolve(result);
  return {
    'prepare-voicemail-audio': (command) => service.prepare(command.id),
    'set-voicemail-read': (command) => service.setRead(command.id, command.read),
    'delete-voicemail': (command) => now(service.delete(command.id)),
    'undo-delete-voicemail': (command) => now(service.undoDelete(command.id)),
    'call-back': (command) => service.callBack(command.id),
    'open-voicemail-audio': (command) => service.openAudio(command.id),
  };
}
