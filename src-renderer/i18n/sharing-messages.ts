/**
 * The catalogue's section for Settings › Share presence (the local API; the webhook and MQTT
 * forms add their own keys here): part of `Messages`.
 */
import type {
  MqttMessages,
  SharingProblemMessages,
  WebhookMessages,
} from './sharing-hooks-messages.js';

export interface SharingMessages {
  title: string;
  intro: string;
  apiTitle: string;
  apiEnabled: string;
  stateOff: string;
  stateListening: (url: string) => string;
  statePortInUse: (port: number) => string;
  stateFailed: string;
  port: string;
  portHint: (min: number, max: number) => string;
  portInvalid: (min: number, max: number) => string;
  openRead: string;
  openReadHint: string;
  origins: string;
  originsHint: string;
  originInvalid: (origin: string) => string;
  originsTooMany: (max: number) => string;
  tokenTitle: string;
  tokenHint: (hint: string) => string;
  tokenNone: string;
  tokenExplained: string;
  show: string;
  hide: string;
  copy: string;
  copied: string;
  copyFailed: string;
  regenerate: string;
  regenerateConfirm: string;
  regenerateNow: string;
  cancel: string;
  regenerated: string;
  tokenFailed: string;
  webhooks: WebhookMessages;
  mqtt: MqttMessages;
  problems: SharingProblemMessages;
}
