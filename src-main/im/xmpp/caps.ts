/**
 * What Beacon tells other clients it can do: the XEP-0030 disco#info answer and the XEP-0115
 * capability hash carried in every presence (pure).
 */
import { createHash } from 'node:crypto';
import xml, { type Element } from '@xmpp/xml';
import { NS } from './namespaces.js';

export const CAPS_NODE = 'https://beacon.example.com';

export const IDENTITY = { category: 'client', type: 'pc', name: 'Beacon' } as const;

export const FEATURES: readonly string[] = [
  NS.discoInfo,
  NS.caps,
  NS.ping,
  NS.carbons,
  NS.chatStates,
  NS.receipts,
  NS.markers,
  NS.idle,
  NS.beacon,
].sort();

/** XEP-0115 §5.1: identities then features, each followed by '<', SHA-1, base64. */
export function capsVerification(
  identity: { category: string; type: string; name: string; lang?: string },
  features: readonly string[],
): string {
  let s = `${identity.category}/${identity.type}/${identity.lang ?? ''}/${identity.name}<`;
  for (const feature of [...new Set(features)].sort()) s += `${feature}<`;
  return createHash('sha1').update(s, 'utf8').digest('base64');
}

export const CAPS_VER = capsVerification(IDENTITY, FEATURES);

/** The `<c/>` element for presence. */
export function capsElement(): Element {
  return xml('c', { xmlns: NS.caps, hash: 'sha-1', node: CAPS_NODE, ver: CAPS_VER });
}

/** The disco#info answer for our node (or no node, or `node#ver`); undefined for other nodes. */
export function discoInfo(node: string | undefined): Element | undefined {
  if (node !== undefined && node !== CAPS_NODE && node !== `${CAPS_NODE}#${CAPS_VER}`) {
    return undefined;
  }
  return xml(
    'query',
    node === undefined ? { xmlns: NS.discoInfo } : { xmlns: NS.discoInfo, node },
    xml('identity', { ...IDENTITY }),
    ...FEATURES.map((v) => xml('feature', { var: v })),
  );
}
