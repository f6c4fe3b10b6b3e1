/**
 * The catalogue's part for Settings › Share presence › Webhooks and MQTT (busy lights, Home
 * Assistant): nested in `SharingMessages` as `webhooks`, `mqtt` and `problems`.
 */
import type { SharingProblem } from '../../src-main/core/contract.js';

export interface WebhookMessages {
  title: string;
  intro: string;
  enabled: string;
  hookTitle: (n: number) => string;
  on: string;
  onAny: string;
  url: string;
  urlHint: string;
  urlInvalid: string;
  method: string;
  headers: string;
  headersHint: string;
  headerInvalid: (line: string) => string;
  body: string;
  bodyHint: string;
  add: string;
  remove: string;
  tooMany: (max: number) => string;
  secret: string;
  secretHint: string;
  secretStored: string;
  secretNone: string;
  secretSaveFirst: string;
  saveSecret: string;
  removeSecret: string;
  secretFailed: string;
  test: string;
  testing: string;
  testOk: string;
  testFailed: string;
  neverCalled: string;
  lastCalled: (time: string, status: number) => string;
  problemSince: (problem: string, time: string) => string;
}

export interface MqttMessages {
  title: string;
  intro: string;
  enabled: string;
  url: string;
  urlHint: string;
  urlInvalid: string;
  username: string;
  password: string;
  passwordHint: string;
  passwordStored: string;
  passwordNone: string;
  passwordSaveFirst: string;
  savePassword: string;
  removePassword: string;
  passwordFailed: string;
  topicPrefix: string;
  /** Followed by the topic itself, shown as code (not translated). */
  topicHint: string;
  homeAssistant: string;
  discoveryPrefix: string;
  prefixInvalid: string;
  stateOff: string;
  stateConnecting: string;
  stateConnected: string;
  stateFailed: (problem: string) => string;
  stateRetrying: (problem: string, time: string) => string;
}

/** Why a webhook, the broker or the local API failed, in words (by the core's reason). */
export type SharingProblemMessages = Record<SharingProblem, string>;
