/**
 * POST getMailTips: each recipient's automatic reply as the caller would get it (the internal
 * reply inside the organisation), with the scheduled window, plus the other tips a mailbox can
 * answer; an address of the organisation's domain that the directory does not know gets an error.
 */
import { z } from 'zod';
import type { Mailbox } from '../../model.js';
import { isOofAt } from '../../operations/mail-tips.js';
import { UTC_ZONE } from '../../time-zone.js';
import { parameter } from '../action-body.js';
import { GraphError } from '../errors.js';
import type { GraphReply, GraphRequest, GraphRouteModule } from '../router.js';
import { dateTimeTimeZone } from '../zones.js';

const TIP_TYPES = [
  'automaticReplies',
  'mailboxFullStatus',
  'customMailTip',
  'externalMemberCount',
  'totalMemberCount',
  'maxMessageSize',
  'deliveryRestriction',
  'moderationStatus',
  'recipientScope',
  'recipientSuggestions',
] as const;
type TipType = (typeof TIP_TYPES)[number];

/** Exchange Online's default message size limit (36 MB). */
const MAX_MESSAGE_SIZE = 37_748_736;

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

function automaticReplies(mailbox: Mailbox, caller: Mailbox, now: number): Record<string, unknown> {
  const oof = mailbox.oof;
  const internal = domainOf(caller.email) === domainOf(mailbox.email);
  const reply = !isOofAt(oof, now)
    ? undefined
    : internal
      ? oof.internalReply
      : oof.externalAudience === 'None'
        ? undefined
        : oof.externalReply;
  if (!reply) return { message: '' };
  const json: Record<string, unknown> = {
    message: reply.message,
    messageLanguage: { locale: reply.lang ?? 'en-US', displayName: 'English (United States)' },
  };
  if (oof.state === 'Scheduled' && oof.duration) {
    json['scheduledStartTime'] = dateTimeTimeZone(oof.duration.start, 'UTC', UTC_ZONE);
    json['scheduledEndTime'] = dateTimeTimeZone(oof.duration.end, 'UTC', UTC_ZONE);
  }
  return json;
}

function tipsFor(
  address: string,
  types: ReadonlySet<TipType>,
  request: GraphRequest,
): Record<string, unknown> {
  const mailbox = request.state.store.find(address);
  const emailAddress = { name: mailbox?.displayName ?? '', address };
  const internal = domainOf(address) === domainOf(request.caller.email);
  if (!mailbox && internal) {
    return {
      emailAddress,
      error: { message: `The recipient ${address} was not found.`, code: 'ErrorInvalidRecipients' },
    };
  }
  const json: Record<string, unknown> = { emailAddress };
  const now = request.now.getTime();
  if (types.has('automaticReplies'))
    json['automaticReplies'] = mailbox
      ? automaticReplies(mailbox, request.caller, now)
      : { message: '' };
  if (types.has('mailboxFullStatus')) json['mailboxFull'] = false;
  if (types.has('customMailTip')) json['customMailTip'] = '';
  if (types.has('externalMemberCount')) json['externalMemberCount'] = 0;
  if (types.has('totalMemberCount')) json['totalMemberCount'] = 1;
  if (types.has('maxMessageSize')) json['maxMessageSize'] = MAX_MESSAGE_SIZE;
  if (types.has('deliveryRestriction')) json['deliveryRestricted'] = false;
  if (types.has('moderationStatus')) json['isModerated'] = false;
  if (types.has('recipientScope')) json['recipientScope'] = internal ? 'internal' : 'external';
  if (types.has('recipientSuggestions')) json['recipientSuggestions'] = [];
  return json;
}

function getMailTips(request: GraphRequest): GraphReply {
  const addresses = z
    .array(z.string().min(1))
    .min(1)
    .safeParse(parameter(request.body, 'emailAddresses'));
  const options = z.string().safeParse(parameter(request.body, 'mailTipsOptions'));
  if (!addresses.success)
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      'EmailAddresses must name at least one address.',
    );
  if (!options.success)
    throw new GraphError(400, 'ErrorInvalidParameter', 'MailTipsOptions is required.');
  const types = new Set<TipType>();
  for (const name of options.data.split(',').map((s) => s.trim())) {
    const type = TIP_TYPES.find((t) => t.toLowerCase() === name.toLowerCase());
    if (type === undefined)
      throw new GraphError(400, 'RequestBodyRead', `'${name}' is not a mail tip type.`);
    types.add(type);
  }
  return {
    status: 200,
    json: {
      '@odata.context': `${request.serviceRoot}/$metadata#Collection(microsoft.graph.mailTips)`,
      value: addresses.data.map((a) => tipsFor(a, types, request)),
    },
    schema: { type: 'microsoft.graph.mailTips', collection: true },
  };
}

export const mailTipsRoutes: GraphRouteModule = {
  name: 'mail tips',
  routes: [
    {
      method: 'POST',
      path: '/{user}/getMailTips',
      scopes: ['Mail.Read'],
      body: { boundTo: 'microsoft.graph.user', action: 'getMailTips' },
      handle: getMailTips,
    },
  ],
};
