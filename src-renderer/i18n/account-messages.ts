/**
 * The catalogue's section for email-first sign-in (the discovery steps, Microsoft 365, the
 * manual server field) and the trusted certificate authority in Settings: part of `Messages`.
 */

/** Why a chosen CA file was refused, by the core's reason. */
export interface CaRefusalMessages {
  'not-a-certificate': string;
  'not-a-ca': string;
  expired: string;
  'not-yet-valid': string;
}

export interface AccountSetupMessages {
  continue: string;
  cancel: string;
  otherAddress: string;
  lookingUp: (domain: string) => string;
  /** On-premises Exchange found at this host. */
  foundServer: (host: string) => string;
  /** Autodiscover wants a password before it tells the server. */
  needsPassword: string;
  online: string;
  signInMicrosoft: string;
  useCode: string;
  notFound: (domain: string) => string;
  serverLabel: string;
  browser: string;
  /** The link to the authority's sign-in page during the browser step. */
  openSignInPage: string;
  deviceCode: (code: string, url: string) => string;
  verifying: string;
  trustCaButton: string;
  trustTitle: string;
  trustExplained: string;
  trustFileLabel: string;
  trustNone: string;
  trustSubject: (subject: string) => string;
  trustFingerprint: (fingerprint: string) => string;
  trustUntil: (date: string) => string;
  trustRemove: string;
  trustChecking: string;
  trustTooLarge: string;
  trustRefused: CaRefusalMessages;
}
