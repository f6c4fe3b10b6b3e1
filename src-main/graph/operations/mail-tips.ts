/**
 * POST /me/getMailTips: what Exchange would tell a sender about recipients, Beacon's way to read
 * another person's automatic reply. The options are a flags enum sent as one string
 * ("automaticReplies, mailboxFullStatus"); parameter names are PascalCase, as in the CSDL and the
 * API page. The page states no recipient limit, so none is imposed here. Texts are untrusted HTML.
 */
import { z } from 'zod';
import type { GraphRequest, GraphRequester } from '../requester.js';
import {
  compact,
  dateTimeTimeZoneSchema,
  emailAddressSchema,
  GraphArgumentError,
  lenientEnum,
  opt,
  type DateTimeTimeZone,
  type EmailAddress,
  type Unknown,
} from './common.js';
import type { LocaleInfo } from './mailbox-settings.js';

export const MAIL_TIPS_TYPES = [
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
export type MailTipsType = (typeof MAIL_TIPS_TYPES)[number];

export const RECIPIENT_SCOPES = [
  'none',
  'internal',
  'external',
  'externalPartner',
  'externalNonPartner',
] as const;

export interface AutomaticRepliesMailTip {
  /** The reply as HTML; empty or absent when the recipient has no automatic reply on. */
  message?: string;
  messageLanguage?: LocaleInfo;
  scheduledStartTime?: DateTimeTimeZone;
  scheduledEndTime?: DateTimeTimeZone;
}

export interface MailTips {
  emailAddress?: EmailAddress;
  automaticReplies?: AutomaticRepliesMailTip;
  mailboxFull?: boolean;
  customMailTip?: string;
  deliveryRestricted?: boolean;
  isModerated?: boolean;
  externalMemberCount?: number;
  totalMemberCount?: number;
  maxMessageSize?: number;
  /** The flags of recipientScope, one member each. */
  recipientScope?: ((typeof RECIPIENT_SCOPES)[number] | Unknown)[];
  recipientSuggestions?: EmailAddress[];
  error?: { code?: string; message?: string };
}

const localeSchema: z.ZodType<LocaleInfo> = z
  .object({ locale: opt(z.string()), displayName: opt(z.string()) })
  .transform(compact);

const flagsSchema = z
  .string()
  .transform((raw) =>
    raw
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  )
  .pipe(z.array(lenientEnum(RECIPIENT_SCOPES)));

export const mailTipsSchema: z.ZodType<MailTips> = z
  .object({
    emailAddress: opt(emailAddressSchema),
    automaticReplies: opt(
      z
        .object({
          message: opt(z.string()),
          messageLanguage: opt(localeSchema),
          scheduledStartTime: opt(dateTimeTimeZoneSchema),
          scheduledEndTime: opt(dateTimeTimeZoneSchema),
        })
        .transform(compact),
    ),
    mailboxFull: opt(z.boolean()),
    customMailTip: opt(z.string()),
    deliveryRestricted: opt(z.boolean()),
    isModerated: opt(z.boolean()),
    externalMemberCount: opt(z.number().int()),
    totalMemberCount: opt(z.number().int()),
    maxMessageSize: opt(z.number().int()),
    recipientScope: opt(flagsSchema),
    recipientSuggestions: opt(
      z.array(z.object({ emailAddress: emailAddressSchema }).transform((r) => r.emailAddress)),
    ),
    error: opt(z.object({ code: opt(z.string()), message: opt(z.string()) }).transform(compact)),
  })
  .transform(compact);

export const mailTipsAnswerSchema = z
  .object({ value: z.array(mailTipsSchema) })
  .transform((a) => a.value);

export interface GetMailTipsArgs {
  addresses: readonly string[];
  /** Which tips to ask for; default the automatic replies only. */
  options?: readonly MailTipsType[];
}

/** The flags string Graph reads: members joined by ", ", each once, in the order given. */
export function mailTipsOptionsString(options: readonly MailTipsType[]): string {
  return [...new Set(options)].join(', ');
}

export function buildGetMailTipsRequest(args: GetMailTipsArgs): GraphRequest {
  const addresses = args.addresses.map((a) => a.trim()).filter((a) => a !== '');
  if (addresses.length === 0) throw new GraphArgumentError('Name at least one recipient.');
  const options = args.options ?? ['automaticReplies'];
  if (options.length === 0) throw new GraphArgumentError('Ask for at least one mail tip.');
  return {
    method: 'POST',
    path: '/me/getMailTips',
    body: { EmailAddresses: addresses, MailTipsOptions: mailTipsOptionsString(options) },
  };
}

export function getMailTips(graph: GraphRequester, args: GetMailTipsArgs): Promise<MailTips[]> {
  return graph.json(buildGetMailTipsRequest(args), mailTipsAnswerSchema);
}
