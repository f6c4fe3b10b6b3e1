import { describe, expect, it } from 'vitest';
import {
  errorAsJson,
  hasFailure,
  oneLine,
  toJson,
  UsageError,
} from '../../../src-main/cli/output.js';
import {
  AuthError,
  DecodeError,
  EwsResponseError,
  ServerBusyError,
  SoapFaultError,
  TransportError,
} from '../../../src-main/ews/errors.js';

describe('toJson', () => {
  it('prints Dates as UTC ISO strings ending in Z, at any depth', () => {
    const text = toJson({
      at: new Date('2025-06-10T10:07:00-07:00'),
      list: [{ start: new Date(Date.UTC(2025, 0, 1)) }],
    });
    expect(JSON.parse(text)).toEqual({
      at: '2025-06-10T17:07:00.000Z',
      list: [{ start: '2025-01-01T00:00:00.000Z' }],
    });
  });

  it('prints Buffers as their size, not their bytes', () => {
    expect(JSON.parse(toJson({ content: Buffer.from('hello'), empty: Buffer.alloc(0) }))).toEqual({
      content: { bytes: 5 },
      empty: { bytes: 0 },
    });
  });

  it('prints an EWS error inside a result as its code and MessageXml', () => {
    const error = new EwsResponseError('ErrorNoFreeBusyAccess', 'No access.', { Detail: 'x' });
    expect(JSON.parse(toJson([{ mailbox: 'lee@beacon.test', ok: false, error }]))).toEqual([
      {
        mailbox: 'lee@beacon.test',
        ok: false,
        error: {
          error: 'ews-response',
          responseCode: 'ErrorNoFreeBusyAccess',
          messageText: 'No access.',
          messageXml: { Detail: 'x' },
        },
      },
    ]);
  });

  it('drops undefined fields and indents by two spaces', () => {
    expect(toJson({ a: 1, b: undefined })).toBe('{\n  "a": 1\n}');
  });
});

describe('errorAsJson', () => {
  it('an EWS response error: code, text and MessageXml', () => {
    expect(errorAsJson(new EwsResponseError('ErrorItemNotFound', 'Not found.', {}))).toEqual({
      error: 'ews-response',
      responseCode: 'ErrorItemNotFound',
      messageText: 'Not found.',
      messageXml: {},
    });
    // No text: no messageText key.
    expect(errorAsJson(new EwsResponseError('ErrorAccessDenied', '', {}))).toEqual({
      error: 'ews-response',
      responseCode: 'ErrorAccessDenied',
      messageXml: {},
    });
  });

  it('ErrorServerBusy: BackOffMilliseconds and the wait it implies', () => {
    expect(
      errorAsJson(new ServerBusyError('Try again later.', { BackOffMilliseconds: '29735' }, 29735)),
    ).toEqual({
      error: 'server-busy',
      responseCode: 'ErrorServerBusy',
      messageText: 'Try again later.',
      messageXml: { BackOffMilliseconds: '29735' },
      retryAfterMs: 29735,
    });
  });

  it('a SOAP fault: fault code and string, the EWS code when there is one', () => {
    expect(
      errorAsJson(
        new SoapFaultError('a:ErrorSchemaValidation', 'Bad request.', 'ErrorSchemaValidation', {
          LineNumber: '3',
        }),
      ),
    ).toEqual({
      error: 'soap-fault',
      faultCode: 'a:ErrorSchemaValidation',
      faultString: 'Bad request.',
      responseCode: 'ErrorSchemaValidation',
      messageXml: { LineNumber: '3' },
    });
    expect(errorAsJson(new SoapFaultError('soap:Client', 'No.', undefined, {}))).toEqual({
      error: 'soap-fault',
      faultCode: 'soap:Client',
      faultString: 'No.',
      messageXml: {},
    });
  });

  it('other errors: their kind and message', () => {
    expect(errorAsJson(new TransportError('timeout', 'No answer in 10 s'))).toEqual({
      error: 'transport',
      message: 'No answer in 10 s',
    });
    expect(errorAsJson(new AuthError(401, 'The server did not accept the credentials'))).toEqual({
      error: 'auth',
      message: 'The server did not accept the credentials',
    });
  });
});

describe('hasFailure', () => {
  it('finds an EWS error or an ok:false result at any depth', () => {
    expect(hasFailure(new DecodeError('x'))).toBe(true);
    expect(hasFailure([{ ok: true, items: [] }, { ok: false }])).toBe(true);
    expect(
      hasFailure([
        { email: 'a@b.c' },
        { email: 'd@e.f', error: new EwsResponseError('E', '', {}) },
      ]),
    ).toBe(true);
  });

  it('successes, Dates, Buffers and plain values are not failures', () => {
    expect(hasFailure({ ok: true, at: new Date(0), content: Buffer.from('x') })).toBe(false);
    expect(hasFailure([{ ok: true, items: [{ subject: 'ok' }] }])).toBe(false);
    expect(hasFailure(null)).toBe(false);
    expect(hasFailure('ok: false')).toBe(false);
    expect(hasFailure({ error: 'a string is not an error object' })).toBe(false);
  });
});

describe('oneLine', () => {
  it('folds every run of whitespace into one space and trims', () => {
    expect(oneLine(new Error('  first line\n   second\tline \r\n'))).toBe('first line second line');
  });

  it('never includes the stack', () => {
    const error = new UsageError('bad flag');
    expect(error.stack).toContain('    at ');
    expect(oneLine(error)).toBe('bad flag');
  });

  it('non-Error values as text', () => {
    expect(oneLine('plain\nstring')).toBe('plain string');
    expect(oneLine(42)).toBe('42');
  });
});
