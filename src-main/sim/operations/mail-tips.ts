/** GetMailTips (OutOfOfficeMessage for up to 50 recipients). */
import { el, textEl, type XmlFragment } from '../../ews/xml/build.js';
import { child, childText, children, text } from '../../ews/xml/parse.js';
import type { Mailbox, OofSettings, ReplyBody } from '../model.js';
import { operationElement, responseHead, responseMessage } from '../soap.js';
import { formatUtc } from '../time-zone.js';
import type { OperationHandler } from './context.js';

export const MAX_MAIL_TIPS_RECIPIENTS = 50;

/** Whether the OOF reply goes out at `now`: Enabled, or Scheduled and inside the Duration. */
export function isOofAt(oof: OofSettings, now: number): boolean {
  if (oof.state === 'Enabled') return true;
  if (oof.state !== 'Scheduled' || !oof.duration) return false;
  return now >= oof.duration.start && now < oof.duration.end;
}

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** The reply a sender gets: the internal one inside the organisation, else the external one. */
function replyFor(mailbox: Mailbox, sender: string): ReplyBody | undefined {
  if (domainOf(sender) === domainOf(mailbox.email)) return mailbox.oof.internalReply;
  return mailbox.oof.externalAudience === 'None' ? undefined : mailbox.oof.externalReply;
}

function outOfOfficeXml(mailbox: Mailbox, sender: string, now: number): XmlFragment {
  const oof = mailbox.oof;
  const reply = isOofAt(oof, now) ? replyFor(mailbox, sender) : undefined;
  return el('t:OutOfOffice', undefined, [
    el(
      't:ReplyBody',
      reply?.lang === undefined ? undefined : { 'xml:lang': reply.lang },
      textEl('t:Message', reply?.message ?? ''),
    ),
    reply && oof.state === 'Scheduled' && oof.duration
      ? el('t:Duration', undefined, [
          textEl('t:StartTime', formatUtc(oof.duration.start)),
          textEl('t:EndTime', formatUtc(oof.duration.end)),
        ])
      : undefined,
  ]);
}

export const getMailTips: OperationHandler = (context, request) => {
  const sender = childText(child(request, 'SendingAs'), 'EmailAddress') ?? context.user.email;
  const recipients = children(child(request, 'Recipients'), 'Mailbox');
  const requested = text(child(request, 'MailTipsRequested')).trim().split(/\s+/);
  const wantsOof = requested.includes('OutOfOfficeMessage') || requested.includes('All');
  if (recipients.length > MAX_MAIL_TIPS_RECIPIENTS) {
    return operationElement('GetMailTipsResponse', { ResponseClass: 'Error' }, [
      ...responseHead(
        'Error',
        'ErrorExceededMaxRecipientLimit',
        `The request has ${recipients.length} recipients; at most ${MAX_MAIL_TIPS_RECIPIENTS} are allowed.`,
      ),
    ]);
  }
  const now = context.now().getTime();
  const tips = recipients.map((recipient) => {
    const address = childText(recipient, 'EmailAddress') ?? '';
    const mailbox = context.store.find(address);
    return responseMessage('MailTipsResponseMessageType', 'Success', 'NoError', [
      el('m:MailTips', undefined, [
        el('t:RecipientAddress', undefined, [
          mailbox ? textEl('t:Name', mailbox.displayName) : undefined,
          textEl('t:EmailAddress', address),
          textEl('t:RoutingType', 'SMTP'),
        ]),
        el('t:PendingMailTips'),
        wantsOof && mailbox ? outOfOfficeXml(mailbox, sender, now) : undefined,
        mailbox ? undefined : textEl('t:InvalidRecipient', 'true'),
      ]),
    ]);
  });
  return operationElement('GetMailTipsResponse', { ResponseClass: 'Success' }, [
    ...responseHead('Success', 'NoError'),
    el('m:ResponseMessages', undefined, tips),
  ]);
};
