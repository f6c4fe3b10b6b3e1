/** ResolveNames against the directory (GAL): prefix match on names and addresses. */
import { el, textEl, type XmlFragment } from '../../ews/xml/build.js';
import { attr, child, text } from '../../ews/xml/parse.js';
import type { Mailbox } from '../model.js';
import { operationElement, responseMessage } from '../soap.js';
import type { OperationHandler } from './context.js';
import { xsBoolean } from './xs-boolean.js';
import { mailboxXml } from './item-xml.js';

const MAX_RESOLUTIONS = 100;

/** Directory entries matching `entry`: an exact address, or a prefix of a name word or address. */
export function searchDirectory(directory: readonly Mailbox[], entry: string): Mailbox[] {
  const query = entry
    .trim()
    .replace(/^smtp:/i, '')
    .toLowerCase();
  if (query === '') return [];
  const exact = directory.filter((m) => m.email.toLowerCase() === query);
  if (exact.length > 0) return exact;
  return directory
    .filter((m) => {
      const words = [m.displayName, m.givenName, m.surname, ...m.displayName.split(/\s+/)];
      return (
        words.some((w) => w.toLowerCase().startsWith(query)) ||
        m.email.toLowerCase().startsWith(query)
      );
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

function contactXml(m: Mailbox): XmlFragment {
  return el('t:Contact', undefined, [
    textEl('t:DisplayName', m.displayName),
    textEl('t:GivenName', m.givenName),
    el(
      't:EmailAddresses',
      undefined,
      textEl('t:Entry', `SMTP:${m.email}`, { Key: 'EmailAddress1' }),
    ),
    m.phone === ''
      ? undefined
      : el('t:PhoneNumbers', undefined, textEl('t:Entry', m.phone, { Key: 'BusinessPhone' })),
    textEl('t:ContactSource', 'ActiveDirectory'),
    textEl('t:Department', m.department),
    textEl('t:JobTitle', m.jobTitle),
    textEl('t:OfficeLocation', m.office),
    textEl('t:Surname', m.surname),
  ]);
}

export const resolveNames: OperationHandler = (context, request) => {
  const full = xsBoolean(attr(request, 'ReturnFullContactData')) === true;
  const entry = text(child(request, 'UnresolvedEntry'));
  const found = searchDirectory(context.store.all(), entry).slice(0, MAX_RESOLUTIONS);
  let message: XmlFragment;
  if (found.length === 0) {
    message = responseMessage(
      'ResolveNamesResponseMessage',
      'Error',
      'ErrorNameResolutionNoResults',
      [],
      'No results were found.',
    );
  } else {
    const set = el(
      'm:ResolutionSet',
      { TotalItemsInView: found.length, IncludesLastItemInRange: 'true' },
      found.map((m) =>
        el('t:Resolution', undefined, [
          mailboxXml({ name: m.displayName, email: m.email }),
          full ? contactXml(m) : undefined,
        ]),
      ),
    );
    message =
      found.length === 1
        ? responseMessage('ResolveNamesResponseMessage', 'Success', 'NoError', [set])
        : responseMessage(
            'ResolveNamesResponseMessage',
            'Warning',
            'ErrorNameResolutionMultipleResults',
            [set],
            'Multiple results were found.',
          );
  }
  return operationElement('ResolveNamesResponse', {}, [
    el('m:ResponseMessages', undefined, message),
  ]);
};
