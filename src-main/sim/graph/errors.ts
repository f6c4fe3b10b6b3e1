/**
 * Graph's JSON error shape (concepts/errors.md): `{ error: { code, message, innerError: {
 * date, request-id, client-request-id } } }`. Route handlers throw GraphError; the router turns
 * it into the body with the request's own ids.
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

export function graphErrorBody(
  code: string,
  message: string,
  ids: { requestId: string; clientRequestId: string; date: Date },
): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        // Graph writes the date without fractional seconds.
        date: ids.date.toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}

export const badRequest = (message: string, code = 'BadRequest'): GraphError =>
  new GraphError(400, code, message);

export const notFound = (message: string, code = 'ErrorItemNotFound'): GraphError =>
  new GraphError(404, code, message);
