/** English: email-first sign-in and the trusted certificate authority. */
import type { AccountSetupMessages } from './account-messages.js';

export const accountEn: AccountSetupMessages = {
  continue: 'Continue',
  cancel: 'Cancel',
  otherAddress: 'Use another address',
  lookingUp: (domain) => `Looking up ${domain}…`,
  foundServer: (host) => `Found your Exchange server: ${host}.`,
  needsPassword: 'Your Exchange server asks for your password.',
  online: 'This address uses Microsoft 365.',
  signInMicrosoft: 'Sign in with Microsoft',
  useCode: 'Use a code instead',
  notFound: (domain) =>
    `No Exchange server was found for ${domain}. Enter the server address your IT department gave you.`,
  serverLabel: 'Server address (EWS URL)',
  browser: 'Continue in your browser, then come back here.',
  openSignInPage: 'Open the sign-in page',
  deviceCode: (code, url) => `Open ${url} on any device and enter the code ${code}.`,
  verifying: 'Checking with Exchange…',
  trustCaButton: 'Trust this certificate authority…',
  trustTitle: 'Trusted certificate authority',
  trustExplained:
    'For servers whose certificates your organisation issues itself. Choose the authority’s certificate (a PEM file); it is used for Exchange, chat and e-mail alerts.',
  trustFileLabel: 'Certificate authority (PEM file)',
  trustNone: 'None: only the authorities your system trusts.',
  trustSubject: (subject) => `Issued to ${subject}`,
  trustFingerprint: (fingerprint) => `SHA-256 fingerprint ${fingerprint}`,
  trustUntil: (date) => `Valid until ${date}`,
  trustRemove: 'Remove',
  trustChecking: 'Checking the certificate…',
  trustTooLarge: 'This file is too large to be a certificate.',
  trustRefused: {
    'not-a-certificate': 'This file is not a certificate (a PEM file is expected).',
    'not-a-ca':
      'This certificate belongs to a server, not to a certificate authority. Choose the authority’s certificate.',
    expired: 'This certificate authority has expired.',
    'not-yet-valid': 'This certificate authority is not valid yet. Check your computer’s clock.',
  },
};
