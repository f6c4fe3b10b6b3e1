/**
 * The response messages of ANY operation's answer, as success or typed error — for diagnostics
 * (`beacon decode` of an operation we have no typed decoder for) and for operations whose answer
 * is itself the response message (GetMailTips, GetAppManifests, InstallApp…).
 */
import { DecodeError, type EwsResponseError } from '../errors.js';
import type { DecodedEnvelope } from '../soap/envelope.js';
import { responseMessageError } from '../soap/response-message.js';
import { attr, child, isObject, text, type XmlNode, type XmlObject } from '../xml/parse.js';
import { namedChildren } from './common.js';

export interface ResponseMessageOutcome {
  /** The message element's local name, e.g. FindItemResponseMessage. */
  element: string;
  responseClass: 'Success' | 'Warning' | 'Error';
  responseCode: string;
  error?: EwsResponseError;
}

/** The operation response element (the first element in Body) and its name. */
export function operationElement(env: DecodedEnvelope): { name: string; node: XmlObject } {
  const [first] = namedChildren(env.body);
  if (first === undefined) throw new DecodeError('The SOAP Body is empty', 'Envelope/Body');
  return first;
}

/**
 * Every ResponseClass-bearing message in the answer: the operation element itself when it carries
 * ResponseClass, then each child of ResponseMessages (or of FreeBusyResponseArray's messages).
 */
export function responseOutcomes(env: DecodedEnvelope): ResponseMessageOutcome[] {
  const { name, node } = operationElement(env);
  const path = `Envelope/Body/${name}`;
  const outcomes: ResponseMessageOutcome[] = [];
  const add = (element: string, message: XmlNode, at: string): void => {
    const error = responseMessageError(message, at);
    // responseMessageError has checked that ResponseClass is one of the three.
    const responseClass = attr(message, 'ResponseClass') as ResponseMessageOutcome['responseClass'];
    const outcome: ResponseMessageOutcome = {
      element,
      responseClass,
      responseCode: text(child(message, 'ResponseCode')).trim() || (error?.responseCode ?? ''),
    };
    if (error) outcome.error = error;
    outcomes.push(outcome);
  };
  if (attr(node, 'ResponseClass') !== undefined) add(name, node, path);
  const messages = child(node, 'ResponseMessages');
  if (isObject(messages))
    namedChildren(messages).forEach((m, i) => {
      add(m.name, m.node, `${path}/ResponseMessages/${m.name}[${i + 1}]`);
    });
  const single = child(node, 'ResponseMessage');
  if (isObject(single)) add('ResponseMessage', single, `${path}/ResponseMessage`);
  return outcomes;
}
