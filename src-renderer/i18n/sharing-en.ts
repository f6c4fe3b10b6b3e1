/** English: Settings › Share presence. */
import type { SharingMessages } from './sharing-messages.js';
import { mqttEn, sharingProblemsEn, webhooksEn } from './sharing-hooks-en.js';

export const sharingEn: SharingMessages = {
  title: 'Share presence',
  intro: 'Let apps and busy lights on this computer see (and set) your presence.',
  apiTitle: 'Local API',
  apiEnabled: 'Serve my presence to apps on this computer',
  stateOff: 'Off.',
  stateListening: (url) => `On, at ${url}`,
  statePortInUse: (port) =>
    `Port ${port} is already used by another app. Choose another port and save.`,
  stateFailed: 'The local API could not start. Try turning it off and on again.',
  port: 'Port',
  portHint: (min, max) => `A number from ${min} to ${max}.`,
  portInvalid: (min, max) => `The port must be a whole number from ${min} to ${max}.`,
  openRead: 'Apps may read my presence without the token',
  openReadHint: 'Changing your presence always needs the token.',
  origins: 'Web pages allowed to read',
  originsHint: 'One address per line, like https://intranet.example. Leave empty for none.',
  originInvalid: (origin) =>
    `“${origin}” is not a web page address. Use the scheme and host only, like https://intranet.example.`,
  originsTooMany: (max) => `At most ${max} web page addresses.`,
  tokenTitle: 'Token',
  tokenHint: (hint) => `Ends in ${hint}`,
  tokenNone: 'Not created yet: it is made when the API is first turned on.',
  tokenExplained: 'Apps send it as “Authorization: Bearer” followed by the token.',
  show: 'Show',
  hide: 'Hide',
  copy: 'Copy',
  copied: 'Copied.',
  copyFailed: 'Could not copy. Select the token and copy it yourself.',
  regenerate: 'Regenerate…',
  regenerateConfirm:
    'Apps that use the current token will stop working until they get the new one.',
  regenerateNow: 'Regenerate now',
  cancel: 'Cancel',
  regenerated: 'A new token is in use.',
  tokenFailed: 'The token could not be read or written. Check that the data folder is writable.',
  webhooks: webhooksEn,
  mqtt: mqttEn,
  problems: sharingProblemsEn,
};
