/**
 * A user's directory object id from their address (`GET /users/{address}?$select=id`: Graph
 * takes the userPrincipalName in place of the id), as getPresencesByUserId needs ids. Many at
 * once go out as `$batch`es when the requester can batch.
 */
import { z } from 'zod';
import type { GraphRequest, GraphRequester } from '../requester.js';
import { GraphArgumentError, isNotFound } from './common.js';

const userIdSchema = z.object({ id: z.string().min(1) }).transform((u) => u.id);

export function buildGetUserIdRequest(address: string, signal?: AbortSignal): GraphRequest {
  const trimmed = address.trim();
  if (trimmed === '') throw new GraphArgumentError('address must not be empty');
  const request: GraphRequest = {
    method: 'GET',
    path: `/users/${encodeURIComponent(trimmed)}`,
    query: { $select: 'id' },
  };
  if (signal !== undefined) request.signal = signal;
  return request;
}

/**
 * The ids of the addresses, in input order: null where the directory has no such user (404).
 * Any other failure rejects the whole call with its GraphError.
 */
export async function getUserIds(
  requester: GraphRequester,
  addresses: readonly string[],
  signal?: AbortSignal,
): Promise<(string | null)[]> {
  if (addresses.length === 0) return [];
  const requests = addresses.map((a) => buildGetUserIdRequest(a, signal));
  if (requester.batch !== undefined) {
    const results = await requester.batch(
      requests,
      userIdSchema,
      signal === undefined ? {} : { signal },
    );
    return results.map((result) => {
      if (result.ok) return result.value;
      if (isNotFound(result.error)) return null;
      throw result.error;
    });
  }
  const out: (string | null)[] = [];
  for (const request of requests) {
    try {
      out.push(await requester.json(request, userIdSchema));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      out.push(null);
    }
  }
  return out;
}
