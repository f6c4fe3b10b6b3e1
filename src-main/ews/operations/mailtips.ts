/**
 * GetMailTips with OutOfOfficeMessage: whether contacts are out of office, and what they say.
 * At most 50 recipients per request; `getMailTips` batches and keeps the input order.
 */
import { DecodeError, EwsResponseError, ServerBusyError } from '../errors.js';
import { buildEnvelope, operationResponse, type DecodedEnvelope } from '../soap/envelope.js';
import { assertSuccess, responseMessageError } from '../soap/response-message.js';
import type { EwsTransport } from '../transport/ews-transport.js';
import { parseInstant } from '../time/date-time.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import { child, text } from '../xml/parse.js';
import { batch } from './availability.js';
import { messagesOf, optText, readBool, type RequestOptions } from './common.js';

export const MAX_MAILTIPS_RECIPIENTS = 50;

export interface RecipientOof {
  /** The automatic reply as HTML. Untrusted: sanitise before showing. Whitespace kept. */
  message: string;
  /** When the OOF is scheduled. */
  duration?: { start: Date; end: Date };
}

export interface RecipientMailTips {
  email: string;
  /** Present only when the recipient has an automatic reply on. */
  oof?: RecipientOof;
  /** The per-recipient failure, if any (the others still have their tips). */
  error?: EwsResponseError;
  /** The server does not know this address (a typo, or someone who has left). */
  invalidRecipient?: true;
}

export interface MailTipsArgs extends RequestOptions {
  /** The user's own address. */
  sendingAs: string;
  recipients: readonly string[];
}

export function buildGetMailTipsRequest(args: MailTipsArgs): XmlFragment {
  if (args.recipients.length === 0) throw new RangeError('No recipients');
  if (args.recipients.length > MAX_MAILTIPS_RECIPIENTS)
    throw new RangeError(`At most ${MAX_MAILTIPS_RECIPIENTS} recipients per request: batch them`);
  return el('m:GetMailTips', undefined, [
    el('m:SendingAs', undefined, textEl('t:EmailAddress', args.sendingAs)),
    el(
      'm:Recipients',
      undefined,
      args.recipients.map((r) => el('t:Mailbox', undefined, textEl('t:EmailAddress', r))),
    ),
    textEl('m:MailTipsRequested', 'OutOfOfficeMessage'),
  ]);
}

const PATH = 'Envelope/Body/GetMailTipsResponse';

export function decodeGetMailTipsResponse(
  env: DecodedEnvelope,
  recipients: readonly string[],
): RecipientMailTips[] {
  // The response is itself a response message (a whole-request error has no per-recipient part).
  assertSuccess(operationResponse(env.body, 'GetMailTipsResponse'), PATH);
  const messages = messagesOf(env, 'GetMailTips');
  if (messages.length !== recipients.length)
    throw new DecodeError(
      `Asked about ${recipients.length} recipients, got ${messages.length} answers`,
      `${PATH}/ResponseMessages`,
    );
  return messages.map((message, i) => {
    const path = `${PATH}/ResponseMessages/MailTipsResponseMessageType[${i + 1}]`;
    const tips = child(message, 'MailTips');
    const email = optText(child(tips, 'RecipientAddress'), 'EmailAddress') ?? recipients[i] ?? '';
    const error = responseMessageError(message, path);
    if (error instanceof ServerBusyError) throw error;
    if (error) return { email, error };
    const result: RecipientMailTips = { email };
    if (readBool(tips, 'InvalidRecipient', `${path}/MailTips`) === true)
      result.invalidRecipient = true;
    const oof = child(tips, 'OutOfOffice');
    const message_ = text(child(child(oof, 'ReplyBody'), 'Message'));
    if (oof !== undefined && message_.trim() !== '') {
      const reply: RecipientOof = { message: message_ };
      const duration = child(oof, 'Duration');
      if (duration !== undefined) {
        const start = optText(duration, 'StartTime');
        const end = optText(duration, 'EndTime');
        if (start === undefined || end === undefined)
          throw new DecodeError('Incomplete Duration', `${path}/MailTips/OutOfOffice`);
        reply.duration = { start: parseInstant(start, path), end: parseInstant(end, path) };
      }
      result.oof = reply;
    }
    return result;
  });
}

export async function getMailTips(
  transport: EwsTransport,
  args: MailTipsArgs,
  signal?: AbortSignal,
): Promise<RecipientMailTips[]> {
  const results: RecipientMailTips[] = [];
  for (const recipients of batch(args.recipients, MAX_MAILTIPS_RECIPIENTS)) {
    const envelope = buildEnvelope(buildGetMailTipsRequest({ ...args, recipients }), args.header);
    results.push(
      ...(await transport.send(
        'GetMailTips',
        envelope,
        (env) => decodeGetMailTipsResponse(env, recipients),
        signal,
      )),
    );
  }
  return results;
}
