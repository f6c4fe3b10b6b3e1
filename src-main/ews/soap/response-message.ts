import { DecodeError, EwsResponseError, ServerBusyError } from '../errors.js';
import { attr, child, text, type XmlNode } from '../xml/parse.js';
import { backOffFrom, readMessageXml } from './envelope.js';

export type ResponseClass = 'Success' | 'Warning' | 'Error';

/**
 * The error a ResponseMessage carries, or undefined when it succeeded. Warnings count as success
 * (the data is there); the caller decides what to do with a per-item error.
 */
export function responseMessageError(message: XmlNode, path: string): EwsResponseError | undefined {
  const responseClass = attr(message, 'ResponseClass');
  if (responseClass !== 'Success' && responseClass !== 'Warning' && responseClass !== 'Error') {
    throw new DecodeError(
      `ResponseClass is ${responseClass === undefined ? 'missing' : `"${responseClass}"`}`,
      path,
    );
  }
  const code = text(child(message, 'ResponseCode')).trim();
  if (responseClass !== 'Error') return undefined;
  const messageText = text(child(message, 'MessageText')).trim();
  const messageXml = readMessageXml(child(message, 'MessageXml'));
  if (code === 'ErrorServerBusy')
    return new ServerBusyError(messageText, messageXml, backOffFrom(messageXml));
  return new EwsResponseError(code || 'ErrorUnknown', messageText, messageXml);
}

/** Throws the ResponseMessage's error, if it has one. */
export function assertSuccess(message: XmlNode, path: string): void {
  const error = responseMessageError(message, path);
  if (error) throw error;
}
