export {
  discoverEwsUrl,
  type AutodiscoverAttempt,
  type AutodiscoverMethod,
  type AutodiscoverOptions,
  type AutodiscoverResult,
  type PoxCredentials,
} from './discover.js';
export {
  buildPoxRequest,
  decodePoxResponse,
  ewsUrlChoices,
  POX_REQUEST_NS,
  POX_RESPONSE_SCHEMA,
  type EwsUrlChoice,
  type PoxAnswer,
  type PoxProtocol,
  type PoxUser,
} from './pox-codec.js';
export { decodeV2Json, type V2Answer } from './json-codec.js';
export {
  defaultSrvResolver,
  orderSrvRecords,
  srvName,
  type SrvRecord,
  type SrvResolver,
} from './srv.js';
export { DEFAULT_V2_BASE_URL, MAX_AUTODISCOVER_REDIRECTS } from './candidates.js';
