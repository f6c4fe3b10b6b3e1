/**
 * Pure: which Microsoft cloud an Entra ID authority belongs to, and that cloud's Microsoft Graph —
 * the service root Beacon sends requests to and the resource its Graph scopes name. A token a
 * cloud's authority issued goes to that cloud's Graph only (Microsoft's "national cloud
 * deployments": global, US Government L4 (GCC High) and L5 (DoD), China operated by 21Vianet).
 *
 * US Government L4 and L5 sign in at the same authority (login.microsoftonline.us), so the
 * authority alone says L4; an L5 (DoD) tenant is told by the account's setting.
 */

export type MicrosoftCloud = 'global' | 'us-government' | 'us-government-dod' | 'china';

export interface GraphOfCloud {
  readonly cloud: MicrosoftCloud;
  /** Graph's v1.0 service root, without a trailing slash. */
  readonly graphRoot: string;
  /** The resource the delegated scopes are asked for (`<resource>/User.Read`). */
  readonly graphScopeResource: string;
}

const GRAPH_HOSTS: Readonly<Record<MicrosoftCloud, string>> = {
  global: 'graph.microsoft.com',
  'us-government': 'graph.microsoft.us',
  'us-government-dod': 'dod-graph.microsoft.us',
  china: 'microsoftgraph.chinacloudapi.cn',
};

/** Entra ID's authority hosts by cloud (login.windows.net is the global cloud's older name). */
const CLOUD_OF_AUTHORITY_HOST: ReadonlyMap<string, MicrosoftCloud> = new Map([
  ['login.microsoftonline.com', 'global'],
  ['login.windows.net', 'global'],
  ['login.microsoftonline.us', 'us-government'],
  ['login.chinacloudapi.cn', 'china'],
  ['login.partner.microsoftonline.cn', 'china'],
]);

/** Every Entra ID authority host Beacon knows, of every cloud. */
export const ENTRA_AUTHORITY_HOSTS: ReadonlySet<string> = new Set(CLOUD_OF_AUTHORITY_HOST.keys());

export interface CloudOptions {
  /** The tenant is in US Government L5 (DoD); meaningful with login.microsoftonline.us only. */
  readonly usGovernmentDod?: boolean | undefined;
}

/** The cloud of an authority URL, or undefined when it is not Entra ID's (AD FS, a test issuer). */
export function cloudOfAuthority(
  authority: string,
  options: CloudOptions = {},
): MicrosoftCloud | undefined {
  let host: string;
  try {
    const url = new URL(authority);
    if (url.protocol !== 'https:') return undefined;
    host = url.hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
  const cloud = CLOUD_OF_AUTHORITY_HOST.get(host);
  if (cloud === 'us-government' && options.usGovernmentDod === true) return 'us-government-dod';
  return cloud;
}

export function graphOfCloud(cloud: MicrosoftCloud): GraphOfCloud {
  const host = GRAPH_HOSTS[cloud];
  return { cloud, graphRoot: `https://${host}/v1.0`, graphScopeResource: `https://${host}` };
}

/** The Graph of the authority's cloud; undefined when the authority is not Entra ID's. */
export function graphOfAuthority(
  authority: string,
  options: CloudOptions = {},
): GraphOfCloud | undefined {
  const cloud = cloudOfAuthority(authority, options);
  return cloud === undefined ? undefined : graphOfCloud(cloud);
}

/**
 * Delegated scope names (`User.Read`) as that cloud's Graph resource's scopes
 * (`https://graph.microsoft.us/User.Read`); a name that already names a resource is kept.
 */
export function qualifyGraphScopes(
  names: readonly string[],
  graph: Pick<GraphOfCloud, 'graphScopeResource'>,
): string[] {
  return names.map((name) => (name.includes('://') ? name : `${graph.graphScopeResource}/${name}`));
}
