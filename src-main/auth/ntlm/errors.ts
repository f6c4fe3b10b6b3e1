import { AuthError } from '../../ews/errors.js';

/**
 * The server wants Kerberos: it offers Negotiate without NTLM (or answers an NTLM token with a
 * SPNEGO reject). No password will help, and Beacon does not speak Kerberos yet.
 */
export class KerberosRequiredError extends AuthError {
  constructor(challenges: readonly string[]) {
    super(
      401,
      'Kerberos is not supported yet: the server accepts Negotiate without NTLM',
      challenges,
    );
  }
}
