/**
 * The one contract between the core and every shell (Electron IPC, web shell WebSocket, renderer):
 * the `Snapshot` the core publishes, the `Command`s it accepts, and the `Api` that carries both.
 * Types come from the zod schemas, so what is checked at the boundary is exactly what is typed.
 *
 * Everything here crosses the boundary as JSON: instants are ISO-8601 UTC strings ending in `Z`,
 * never `Date`s. The renderer imports these types only; the schemas run in the core and shells.
 */
import { z } from 'zod';
import { AVAILABILITIES, EXPIRY_CHOICES, MANUAL_AVAILABILITIES } from '../presence/vocabulary.js';

// The presence vocabulary is PRESENCE.md's, defined once in the resolver.
export { AVAILABILITIES, MANUAL_AVAILABILITIES };

// ---------------------------------------------------------------------------------------------
// Building blocks

/** An instant as ISO-8601 UTC (`2026-11-27T09:00:00.000Z`); offsets are refused, so one form only. */
export const IsoInstantSchema = z.iso.datetime({ offset: false, local: false });
export type IsoInstant = z.infer<typeof IsoInstantSchema>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for https URLs, and for http only on loopback (the demo simulator and local tests). */
export function isAcceptableEwsUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false; // credentials never ride in URLs
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

export const EwsUrlSchema = z
  .string()
  .max(2048)
  .refine(isAcceptableEwsUrl, 'Must be an https URL (http only on loopback), without credentials');

export const MailboxSchema = z.email().max(320);

/** A BCP 47 language tag that `Intl` accepts, e.g. `en-GB`, `ko`. */
export const LocaleSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'Must be a BCP 47 language tag');

// ---------------------------------------------------------------------------------------------
// Presence vocabulary (PRESENCE.md)

export const AvailabilitySchema = z.enum(AVAILABILITIES);
export type Availability = z.infer<typeof AvailabilitySchema>;

/** The values a user may choose by hand ("in a meeting" and "out of office" come from Exchange). */
export const ManualAvailabilitySchema = z.enum(MANUAL_AVAILABILITIES);
export type ManualAvailability = z.infer<typeof ManualAvailabilitySchema>;

export const ManualExpirySchema = z.enum(EXPIRY_CHOICES);
export type ManualExpiry = z.infer<typeof ManualExpirySchema>;

export const MAX_NOTE_LENGTH = 200;
export const NoteSchema = z.string().max(MAX_NOTE_LENGTH);

/** "Until" lines that name an instant, and those that do not. */
export const TIMED_ACTIVITY_KINDS = [
  'in-a-meeting-until',
  'busy-until',
  'free-until',
  'oof-until',
  'off-work-until',
] as const;
export const UNTIMED_ACTIVITY_KINDS = ['free-rest-of-day', 'oof', 'none'] as const;

export const ActivitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(TIMED_ACTIVITY_KINDS), until: IsoInstantSchema }),
  z.object({ kind: z.enum(UNTIMED_ACTIVITY_KINDS) }),
]);
export type Activity = z.infer<typeof ActivitySchema>;

export const PresenceSourceSchema = z.enum(['manual', 'automatic', 'signed-out']);
export type PresenceSource = z.infer<typeof PresenceSourceSchema>;

// ---------------------------------------------------------------------------------------------
// Settings (the file holds these plus unknown keys from newer versions; see settings.ts)

export const PresenceThresholdsSchema = z
  .object({
    /** Idle this long (or screen locked) → away. */
    awayAfterMinutes: z.int().min(1).max(480).default(15),
    /** Idle this long → "Inactive" shown on top of the availability. */
    inactiveAfterMinutes: z.int().min(1).max(480).default(5),
    /** Outside working hours → off-work (PRESENCE.md rule 6). */
    showOffWork: z.boolean().default(true),
    /**
     * Publish Beacon's presence to Teams (an application presence session over Microsoft Graph).
     * Only Graph accounts can; absent means on.
     */
    publishToTeams: z.boolean().optional(),
  })
  .refine((p) => p.inactiveAfterMinutes <= p.awayAfterMinutes, {
    error: 'inactiveAfterMinutes must not exceed awayAfterMinutes',
    path: ['inactiveAfterMinutes'],
  });

/** How Beacon proves who the user is to Exchange. */
export const AUTH_METHODS = ['basic', 'ntlm', 'oauth'] as const;
export const AuthMethodSchema = z.enum(AUTH_METHODS);
export type AuthMethod = z.infer<typeof AuthMethodSchema>;

/**
 * Which protocol reaches the mailbox. automatic: Graph for Exchange Online, EWS on-premises
 * (and Graph when Exchange Online refuses EWS); ews/graph: that one whatever the server is.
 */
export const BACKEND_CHOICES = ['automatic', 'ews', 'graph'] as const;
export const BackendChoiceSchema = z.enum(BACKEND_CHOICES);
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;

/** The protocol an account is reached over. */
export const MAILBOX_PROTOCOLS = ['ews', 'graph'] as const;
export const MailboxProtocolSchema = z.enum(MAILBOX_PROTOCOLS);
export type MailboxProtocol = z.infer<typeof MailboxProtocolSchema>;

/** An https URL (an OAuth authority, a discovery document). */
export const HttpsUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' ||
          (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) &&
        url.username === '' &&
        url.password === ''
      );
    } catch {
      return false;
    }
  }, 'Must be an https URL (http only on loopback), without credentials');

export const OAuthSettingsSchema = z.object({
  /** The app registration's client id; the build's default when absent. */
  clientId: z.string().min(1).max(128).optional(),
  /** The authority (`https://login.microsoftonline.com/<tenant>` or an ADFS/OIDC issuer). */
  authority: HttpsUrlSchema.optional(),
  /**
   * The tenant is in US Government L5 (DoD), whose Graph is dod-graph.microsoft.us: its
   * authority (login.microsoftonline.us) is L4's too, so the authority alone cannot tell.
   */
  usGovernmentDod: z.boolean().optional(),
});

export const AccountSettingsSchema = z.object({
  /** The EWS endpoint; when absent (or useAutodiscover), autodiscover finds it from the mailbox. */
  ewsUrl: EwsUrlSchema.optional(),
  mailbox: MailboxSchema.optional(),
  useAutodiscover: z.boolean().default(true),
  /**
   * Without a mailbox: true shows the demo mailbox (a fresh install), false is the signed-out
   * state the user chose by signing out ("Use the demo mailbox" sets it back).
   */
  demo: z.boolean().default(true),
  /** The method that worked for this account (chosen from the server's challenges at sign-in). */
  auth: AuthMethodSchema.optional(),
  oauth: OAuthSettingsSchema.optional(),
  /** The user's choice of protocol; absent means automatic. */
  backend: BackendChoiceSchema.optional(),
  /** The protocol the last sign-in chose for this account (remembered for reconnecting). */
  protocol: MailboxProtocolSchema.optional(),
});

export const VoicemailSettingsSchema = z.object({
  /** How many of the newest voicemails the list keeps. */
  maxItems: z.int().min(1).max(1000).default(200),
  /** Playing past 3 s, or to the end, marks the message read. */
  markReadOnPlay: z.boolean().default(true),
  /** The audio cache in the data folder (LRU beyond this size). */
  cacheMegabytes: z.int().min(10).max(2000).default(200),
});
export type VoicemailSettings = z.infer<typeof VoicemailSettingsSchema>;

/** The IM (XMPP) account. The password lives in the keychain, never here. */
export const ImSettingsSchema = z.object({
  /** Publish presence and show contacts over XMPP. */
  enabled: z.boolean().default(false),
  /** The XMPP address (bare JID, `name@domain`). */
  address: z.string().max(320).optional(),
  /** Host and port when not found from the domain (SRV or the domain itself). */
  server: z.string().max(253).optional(),
  port: z.int().min(1).max(65535).optional(),
  /** Direct TLS (XEP-0368, usually port 5223) instead of STARTTLS. */
  directTls: z.boolean().default(false),
  /** Save each finished conversation to Exchange's Conversation History folder. */
  saveHistory: z.boolean().default(true),
  /** E-mail me an IM left unread this long while I am away, offline or in Do not disturb. */
  missedMessageEmail: z.boolean().default(false),
  missedMessageMinutes: z.int().min(1).max(240).default(10),
});
export type ImSettings = z.infer<typeof ImSettingsSchema>;

/** The SMTP relay for alerts (missed IMs). STARTTLS is required; the password is in the keychain. */
export const SmtpSettingsSchema = z.object({
  host: z.string().max(253).optional(),
  port: z.int().min(1).max(65535).default(587),
  user: z.string().max(320).optional(),
  /** The sender address; the signed-in mailbox when absent. */
  from: MailboxSchema.optional(),
});
export type SmtpSettings = z.infer<typeof SmtpSettingsSchema>;

// ---------------------------------------------------------------------------------------------
// Sharing presence with other apps and busy lights (local API, webhooks, MQTT)

/** An origin allowed to read the local API from a browser page (`https://intranet.example`). */
export const OriginSchema = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'Must be an origin: scheme, host and port only');

/** The local HTTP API on 127.0.0.1. Its token lives in a 0600 file in the data folder. */
export const PresenceApiSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  port: z.int().min(1024).max(65535).default(48_090),
  /** Reading without the token (loopback only); writing always needs it. */
  openRead: z.boolean().default(false),
  /** Browser origins allowed to read through CORS; none by default. */
  corsOrigins: z.array(OriginSchema).max(16).default([]),
});
export type PresenceApiSettings = z.infer<typeof PresenceApiSettingsSchema>;

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH'] as const;
export const WEBHOOK_TRIGGERS = [...AVAILABILITIES, 'any'] as const;

/**
 * One webhook: called when presence changes to `on` (or on every change for `any`). The URL, header
 * values and body are templates; `{{secret}}` stands for the value kept in the keychain for this
 * hook (set-webhook-secret), so a light's API key never sits in the settings file.
 */
export const WebhookSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,36}$/),
  on: z.enum(WEBHOOK_TRIGGERS),
  url: z.string().min(1).max(2048),
  method: z.enum(WEBHOOK_METHODS).default('POST'),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(1024))
    .refine((h) => Object.keys(h).length <= 16, 'At most 16 headers')
    .default({}),
  body: z.string().max(8192).optional(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const WebhookSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  hooks: z.array(WebhookSchema).max(32).default([]),
});
export type WebhookSettings = z.infer<typeof WebhookSettingsSchema>;

/** The MQTT broker. The password lives in the keychain (set-mqtt-password). */
export const MqttSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** `mqtts://host:8883`, or `mqtt://` to a loopback broker only. */
  url: z.string().max(2048).optional(),
  username: z.string().max(256).optional(),
  topicPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_\-/]{1,128}$/)
    .default('beacon'),
  /** Publish Home Assistant MQTT discovery so the presence appears as a sensor. */
  homeAssistant: z.boolean().default(true),
  discoveryPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_\-/]{1,128}$/)
    .default('homeassistant'),
});
export type MqttSettings = z.infer<typeof MqttSettingsSchema>;

export const SharingSettingsSchema = z.object({
  api: PresenceApiSettingsSchema.default({
    enabled: false,
    port: 48_090,
    openRead: false,
    corsOrigins: [],
  }),
  webhooks: WebhookSettingsSchema.default({ enabled: false, hooks: [] }),
  mqtt: MqttSettingsSchema.default({
    enabled: false,
    topicPrefix: 'beacon',
    homeAssistant: true,
    discoveryPrefix: 'homeassistant',
  }),
});
export type SharingSettings = z.infer<typeof SharingSettingsSchema>;

/**
 * The user-visible settings. No secret ever lives here: passwords and tokens go to the OS keychain.
 * Objects strip unknown keys when parsed; settings.ts keeps them aside for forward compatibility.
 */
export const SettingsSchema = z.object({
  account: AccountSettingsSchema.default({ useAutodiscover: true, demo: true }),
  presence: PresenceThresholdsSchema.default({
    awayAfterMinutes: 15,
    inactiveAfterMinutes: 5,
    showOffWork: true,
  }),
  /** UI language ("en", "ko"); the system's (or the browser's) when absent. */
  locale: LocaleSchema.optional(),
  voicemail: VoicemailSettingsSchema.default({
    maxItems: 200,
    markReadOnPlay: true,
    cacheMegabytes: 200,
  }),
  im: ImSettingsSchema.default({
    enabled: false,
    directTls: false,
    saveHistory: true,
    missedMessageEmail: false,
    missedMessageMinutes: 10,
  }),
  smtp: SmtpSettingsSchema.default({ port: 587 }),
  /**
   * A private certificate authority (PEM) the user chose to trust, for Exchange, XMPP and SMTP
   * alike, on top of the system's. A CA certificate is public: it is no secret.
   */
  trustedCaPem: z
    .string()
    .max(64 * 1024)
    .optional(),
  /** Presence for other apps: the local API, webhooks and MQTT. */
  sharing: SharingSettingsSchema.default({
    api: { enabled: false, port: 48_090, openRead: false, corsOrigins: [] },
    webhooks: { enabled: false, hooks: [] },
    mqtt: {
      enabled: false,
      topicPrefix: 'beacon',
      homeAssistant: true,
      discoveryPrefix: 'homeassistant',
    },
  }),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type AccountSettings = Settings['account'];
export type PresenceThresholds = Settings['presence'];

/**
 * A partial update: every level optional, `null` clears an optional value. Strict at every level,
 * so a `password` (or any key we do not know) in an update is refused, not silently dropped.
 */
export const SettingsPatchSchema = z.strictObject({
  account: z
    .strictObject({
      ewsUrl: EwsUrlSchema.nullable(),
      mailbox: MailboxSchema.nullable(),
      useAutodiscover: z.boolean(),
      demo: z.boolean(),
      auth: AuthMethodSchema.nullable(),
      oauth: z
        .strictObject({ clientId: z.string().min(1).max(128), authority: HttpsUrlSchema })
        .partial()
        .nullable(),
      backend: BackendChoiceSchema,
      protocol: MailboxProtocolSchema,
    })
    .partial()
    .optional(),
  presence: z
    .strictObject({
      awayAfterMinutes: z.int().min(1).max(480),
      inactiveAfterMinutes: z.int().min(1).max(480),
      showOffWork: z.boolean(),
      publishToTeams: z.boolean(),
    })
    .partial()
    .optional(),
  locale: LocaleSchema.nullable().optional(),
  voicemail: z
    .strictObject({
      maxItems: z.int().min(1).max(1000),
      markReadOnPlay: z.boolean(),
      cacheMegabytes: z.int().min(10).max(2000),
    })
    .partial()
    .optional(),
  im: z
    .strictObject({
      enabled: z.boolean(),
      address: z.string().max(320).nullable(),
      server: z.string().max(253).nullable(),
      port: z.int().min(1).max(65535).nullable(),
      directTls: z.boolean(),
      saveHistory: z.boolean(),
      missedMessageEmail: z.boolean(),
      missedMessageMinutes: z.int().min(1).max(240),
    })
    .partial()
    .optional(),
  smtp: z
    .strictObject({
      host: z.string().max(253).nullable(),
      port: z.int().min(1).max(65535),
      user: z.string().max(320).nullable(),
      from: MailboxSchema.nullable(),
    })
    .partial()
    .optional(),
  sharing: z
    .strictObject({
      api: z
        .strictObject({
          enabled: z.boolean(),
          port: z.int().min(1024).max(65535),
          openRead: z.boolean(),
          corsOrigins: z.array(OriginSchema).max(16),
        })
        .partial(),
      /** `hooks` replaces the whole list. */
      webhooks: z
        .strictObject({ enabled: z.boolean(), hooks: z.array(WebhookSchema).max(32) })
        .partial(),
      mqtt: z
        .strictObject({
          enabled: z.boolean(),
          url: z.string().max(2048).nullable(),
          username: z.string().max(256).nullable(),
          topicPrefix: MqttSettingsSchema.shape.topicPrefix.unwrap(),
          homeAssistant: z.boolean(),
          discoveryPrefix: MqttSettingsSchema.shape.discoveryPrefix.unwrap(),
        })
        .partial(),
    })
    .partial()
    .optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

// ---------------------------------------------------------------------------------------------
// Snapshot

/**
 * Why a sign-in (or a later request with the stored credentials) failed, as a reason the window
 * turns into a sentence in the user's language. Never a raw server message.
 */
export const FAILURE_REASONS = [
  /** HTTP 401: Exchange refused the user name or password. */
  'wrong-password',
  /** HTTP 403 with X-EWS-Policy-Reason: the tenant blocks EWS for this app (Exchange Online). */
  'ews-blocked',
  /** Any other HTTP 403. */
  'access-denied',
  /** No answer from the host: refused or dropped connection (DNS and timeouts have their own). */
  'unreachable',
  /** The host name does not resolve (DNS): "Can't find mail.contoso.com". */
  'host-not-found',
  /** The server did not answer within the deadline (`seconds`). */
  'timeout',
  /** The server's TLS certificate is not trusted (unknown CA, wrong name, expired). */
  'tls-untrusted',
  /** Autodiscover found no EWS URL for the address. */
  'autodiscover-failed',
  /** No password is stored for the account (or the keychain lost it): sign in again. */
  'no-password',
  /** The OS keychain could not be reached. */
  'keychain-unavailable',
  /** Exchange is busy or throttling; it will be retried. */
  'server-busy',
  /** Exchange answered with something Beacon could not use (a fault, an error, bad XML). */
  'server-error',
  /** The server accepts only Kerberos (Negotiate without NTLM), which Beacon cannot do yet. */
  'kerberos-unsupported',
  /** The OAuth sign-in can no longer be renewed (refresh token revoked or expired): sign in again. */
  'sign-in-expired',
  /**
   * Microsoft Graph was chosen (Settings › Connection to Exchange) for an account that signs in
   * with a password: Graph takes only a Microsoft sign-in. Nothing is sent until the user signs in
   * with Microsoft or chooses automatic or EWS again.
   */
  'graph-needs-oauth',
] as const;
export const FailureReasonSchema = z.enum(FAILURE_REASONS);
export type FailureReason = z.infer<typeof FailureReasonSchema>;

export const FailureSchema = z.object({
  reason: FailureReasonSchema,
  /** The host that failed (unreachable, TLS), for "mail.contoso.com could not be reached". */
  host: z.string().max(253).optional(),
  /** The server's X-EWS-Policy-Reason, when EWS is blocked. */
  policy: z.string().max(200).optional(),
  /** The untrusted certificate (tls-untrusted): its subject and SHA-256 fingerprint. */
  certificate: z
    .object({ subject: z.string().max(500), fingerprint256: z.string().max(200) })
    .optional(),
  /** The deadline that passed (timeout), in seconds. */
  seconds: z.number().nonnegative().optional(),
});
export type Failure = z.infer<typeof FailureSchema>;

export const SIGN_IN_STATES = ['signing-in', 'signed-in', 'failed', 'signed-out'] as const;

export const AccountSchema = z.object({
  /**
   * demo: the in-process simulator with the demo seed ("Demo mailbox" in the UI); exchange: the
   * user's mailbox; signed-out: no account and no demo (the user signed out).
   */
  mode: z.enum(['demo', 'exchange', 'signed-out']),
  mailbox: z.string(),
  /** From Exchange (ResolveNames); the mailbox address until Exchange has told it. */
  displayName: z.string(),
  ewsUrl: z.string().optional(),
  /**
   * exchange: signing-in until Exchange accepted these credentials (a request succeeded),
   * signed-in after, failed when it refused them or could not be reached before accepting them.
   * demo: signed-in. signed-out: signed-out.
   */
  signIn: z.enum(SIGN_IN_STATES),
  /** Why the sign-in failed (signIn failed), or why the credentials stopped working. */
  failure: FailureSchema.optional(),
  /** exchange: the password is in the OS keychain, or in memory for this run only. */
  passwordStorage: z.enum(['keychain', 'memory']).optional(),
  /** exchange: how Beacon signs in to this account. */
  auth: AuthMethodSchema.optional(),
  /** The protocol that reaches the mailbox (EWS or Microsoft Graph); the demo follows the choice too. */
  protocol: MailboxProtocolSchema.optional(),
});
export type Account = z.infer<typeof AccountSchema>;

export const UPDATE_MODES = ['streaming', 'pull', 'polling'] as const;
export type UpdateMode = (typeof UPDATE_MODES)[number];

export const CONNECTION_STATES = [
  'connecting',
  'online',
  'stale',
  'offline',
  'auth-required',
] as const;

/** What the footer says: "Updated 14:02", "Exchange is busy, retrying in 40 s", "Offline — …". */
export const ConnectionSchema = z.object({
  state: z.enum(CONNECTION_STATES),
  /** End of the last refresh that succeeded: the age of what is on screen. */
  lastSuccessAt: IsoInstantSchema.optional(),
  /** When the next automatic attempt is due, while backing off. */
  retryAt: IsoInstantSchema.optional(),
  /** The last failure, as a family (`EwsError.kind` or similar) and a human-readable message. */
  error: z.object({ kind: z.string(), message: z.string() }).optional(),
  /** The last failure as a reason the footer can put in words, when the cause is known. */
  failure: FailureSchema.optional(),
  /** A refresh is in flight since this instant ("Updating… 12 s"). */
  updatingSince: IsoInstantSchema.optional(),
  /** The server asked for a pause (Retry-After, capped); nothing is sent to it before this. */
  pausedUntil: IsoInstantSchema.optional(),
  /**
   * How changes reach Beacon: a streaming subscription or pull notifications ("Live"), or polling
   * every `everyMinutes` ("Checking every 15 min"). Absent while signed out or in demo.
   */
  updates: z
    .object({
      mode: z.enum(UPDATE_MODES),
      everyMinutes: z.int().min(1).max(1440).optional(),
    })
    .optional(),
});
export type Connection = z.infer<typeof ConnectionSchema>;
export type ConnectionState = Connection['state'];

export const PresenceSchema = z.object({
  availability: AvailabilitySchema,
  /** Inactive (idle past the threshold or locked): shown on top, never changes availability. */
  idle: z.boolean(),
  /** Automatic replies are on, whatever the availability. */
  oof: z.boolean(),
  note: z.string(),
  activity: ActivitySchema,
  /** The activity formatted in the user's locale and time zone, ready to show. */
  activityText: z.string(),
  /** The next instant at which presence changes by itself (meeting edge, OOF edge, expiry…). */
  nextChange: IsoInstantSchema.optional(),
  source: PresenceSourceSchema,
});
export type Presence = z.infer<typeof PresenceSchema>;

export const ManualStatusSchema = z.object({
  availability: ManualAvailabilitySchema,
  note: NoteSchema,
  /** Absent for "never". */
  expiresAt: IsoInstantSchema.optional(),
});
export type ManualStatus = z.infer<typeof ManualStatusSchema>;

export const OOF_STATES = ['enabled', 'disabled', 'scheduled'] as const;
export const OofStateSchema = z.enum(OOF_STATES);
export type OofState = z.infer<typeof OofStateSchema>;

export const EXTERNAL_AUDIENCES = ['none', 'known', 'all'] as const;
export const ExternalAudienceSchema = z.enum(EXTERNAL_AUDIENCES);
export type ExternalAudience = z.infer<typeof ExternalAudienceSchema>;

/** Automatic replies are HTML the user wrote: untrusted, sanitised by whoever renders them. */
export const MAX_OOF_REPLY_LENGTH = 128 * 1024;
const OofReplySchema = z.string().max(MAX_OOF_REPLY_LENGTH);

export const OofSnapshotSchema = z.object({
  state: OofStateSchema,
  externalAudience: ExternalAudienceSchema,
  /** The scheduled window; servers keep the last one even while disabled. */
  start: IsoInstantSchema.optional(),
  end: IsoInstantSchema.optional(),
  internalReply: OofReplySchema,
  externalReply: OofReplySchema,
  /** The administrator's limit for external replies, when the server says. */
  allowExternalOof: ExternalAudienceSchema.optional(),
});
export type OofSnapshot = z.infer<typeof OofSnapshotSchema>;

export const FREE_BUSY_VALUES = [
  'free',
  'tentative',
  'busy',
  'oof',
  'working-elsewhere',
  'no-data',
] as const;
export const FreeBusySchema = z.enum(FREE_BUSY_VALUES);
export type FreeBusy = z.infer<typeof FreeBusySchema>;

export const AgendaItemSchema = z.object({
  /** The EWS item id: what open-join-link refers to. */
  id: z.string().min(1),
  subject: z.string(),
  location: z.string().optional(),
  start: IsoInstantSchema,
  end: IsoInstantSchema,
  isAllDay: z.boolean(),
  freeBusy: FreeBusySchema,
  isMeeting: z.boolean(),
  isCancelled: z.boolean(),
  isTentative: z.boolean(),
  /**
   * The owner's private item: the agenda is the owner's own view, so `subject` and `location`
   * are the real ones; the window marks it (a lock), and shared-screen texts (notifications)
   * may show "Private appointment" instead.
   */
  isPrivate: z.boolean(),
  /** Shown for display only; opening it goes through open-join-link with the id. */
  joinUrl: z.string().optional(),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

/**
 * The day's merged free/busy: one digit per interval from `start`, as EWS MergedFreeBusy:
 * 0 free, 1 tentative, 2 busy, 3 OOF, 4 working elsewhere, 5 no data.
 */
export const TimelineSchema = z.object({
  start: IsoInstantSchema,
  intervalMinutes: z.int().min(1).max(1440),
  slots: z.string().regex(/^[0-5]*$/, 'slots are digits 0-5'),
});
export type Timeline = z.infer<typeof TimelineSchema>;

// ---------------------------------------------------------------------------------------------
// Voicemail

/** voicemail: audio to play; protected: IRM-protected (open it in Outlook); missed-call: no audio. */
export const VOICEMAIL_KINDS = ['voicemail', 'protected', 'missed-call'] as const;

/** The audio as Exchange UM stored it. */
export const AUDIO_FORMATS = [
  'mp3',
  'wav-pcm',
  'wav-alaw',
  'wav-mulaw',
  'wav-gsm',
  'wma',
  'unknown',
] as const;
export const AudioFormatSchema = z.enum(AUDIO_FORMATS);
export type AudioFormat = z.infer<typeof AudioFormatSchema>;

/** Why a voicemail cannot be played here; each shell words it. */
export const AUDIO_PROBLEMS = [
  /** IPM.Note.rpmsg.Microsoft.Voicemail.*: never decrypted here. */
  'protected',
  /** The message has no audio attachment (a missed call, or it was removed). */
  'no-audio',
  /** WMA or GSM without a transcoder on this machine. */
  'format-unsupported',
  /** Larger than the cap for one attachment. */
  'too-large',
  /** The bytes are not the audio they claim to be (truncated, corrupt, wrong type). */
  'corrupt',
  /** Exchange could not give the attachment (network, server error). */
  'fetch-failed',
  /** The transcoder ran and failed. */
  'transcode-failed',
] as const;
export const AudioProblemSchema = z.enum(AUDIO_PROBLEMS);
export type AudioProblem = z.infer<typeof AudioProblemSchema>;

/**
 * The audio of one voicemail. Audio bytes never travel in the Snapshot: when ready, `src` is a
 * relative URL (`voicemail-audio/<key>`) that both shells serve from the cache with Range support
 * (Electron's app:// handler, the web shell's tokened route).
 */
export const VoicemailAudioSchema = z.discriminatedUnion('state', [
  /** Not fetched yet: `prepare-voicemail-audio` fetches it. */
  z.object({ state: z.literal('not-loaded'), format: AudioFormatSchema.optional() }),
  z.object({ state: z.literal('loading'), format: AudioFormatSchema.optional() }),
  z.object({
    state: z.literal('ready'),
    src: z.string().regex(/^voicemail-audio\/[A-Za-z0-9_-]{1,128}$/),
    /** The format as stored; `transcoded` when the cache holds a playable conversion. */
    format: AudioFormatSchema,
    transcoded: z.boolean(),
    /** Waveform peaks 0..1, evenly spaced over the audio. */
    peaks: z.array(z.number().min(0).max(1)).max(512),
    durationSeconds: z.number().nonnegative(),
  }),
  z.object({
    state: z.literal('unplayable'),
    problem: AudioProblemSchema,
    format: AudioFormatSchema.optional(),
    /** The original bytes are cached and can be saved or opened in another player. */
    canSave: z.boolean(),
    /**
     * With `canSave`: the same `voicemail-audio/<key>` URL as a ready item's, so Save audio is a
     * download link to `<src>?download=1` (the original bytes) in both shells.
     */
    src: z
      .string()
      .regex(/^voicemail-audio\/[A-Za-z0-9_-]{1,128}$/)
      .optional(),
  }),
]);
export type VoicemailAudio = z.infer<typeof VoicemailAudioSchema>;

export const MAX_TRANSCRIPT_LENGTH = 8 * 1024;

export const VoicemailItemSchema = z.object({
  /** The EWS item id. */
  id: z.string().min(1).max(1024),
  kind: z.enum(VOICEMAIL_KINDS),
  receivedAt: IsoInstantSchema,
  isRead: z.boolean(),
  callerName: z.string().max(256).optional(),
  /** As Exchange gave it. */
  callerNumber: z.string().max(64).optional(),
  /**
   * The number in E.164 ("+82212345678"), from Snapshots of earlier versions only: the core now
   * normalises `callerNumber` when Call back is pressed, so listing never loads libphonenumber-js.
   */
  callbackNumber: z.string().max(64).optional(),
  durationSeconds: z.number().nonnegative().optional(),
  /** The UM preview as plain text (HTML stripped); '' when there is none. */
  transcript: z.string().max(MAX_TRANSCRIPT_LENGTH),
  audio: VoicemailAudioSchema,
  /** Deleted by the user; Undo is possible until this instant, then it goes to Deleted Items. */
  deletingUntil: IsoInstantSchema.optional(),
});
export type VoicemailItem = z.infer<typeof VoicemailItemSchema>;

// ---------------------------------------------------------------------------------------------
// Contacts, IM and chat

/**
 * Where a contact's presence comes from: their IM client, their Exchange calendar, or Teams
 * (Graph accounts; merged with what the calendar says).
 */
export const CONTACT_PRESENCE_SOURCES = ['im', 'calendar', 'none', 'teams'] as const;

export const ContactPresenceSchema = z.object({
  availability: AvailabilitySchema,
  activity: ActivitySchema,
  /** Formatted like my own activity line ("In a meeting until 15:30"). */
  activityText: z.string(),
  /** Their status message (IM), as plain text. */
  note: z.string().max(1024),
  oof: z.boolean(),
  idle: z.boolean(),
  source: z.enum(CONTACT_PRESENCE_SOURCES),
  updatedAt: IsoInstantSchema.optional(),
});
export type ContactPresence = z.infer<typeof ContactPresenceSchema>;

export const SUBSCRIPTION_STATES = ['none', 'to', 'from', 'both'] as const;

export const ContactSchema = z.object({
  /** The IM address (bare JID); for the demo and calendar-only contacts, the mailbox. */
  address: z.string().min(1).max(320),
  /** Their Exchange mailbox, when known (free/busy and MailTips use it). */
  mailbox: z.string().max(320).optional(),
  name: z.string().max(256),
  groups: z.array(z.string().max(128)).max(32),
  /** XMPP roster subscription; `pendingOut`: we asked and they have not answered. */
  subscription: z.enum(SUBSCRIPTION_STATES),
  pendingOut: z.boolean(),
  presence: ContactPresenceSchema,
  /** Their automatic reply (GetMailTips) as plain text, when on. */
  oofMessage: z.string().max(MAX_TRANSCRIPT_LENGTH).optional(),
  /** "Tell me when available". */
  alertWhenAvailable: z.boolean(),
  /** A clearly labelled demo peer (the demo mailbox only). */
  isDemo: z.boolean(),
});
export type Contact = z.infer<typeof ContactSchema>;

/** Someone asked to see my presence; the window approves or denies. */
export const SubscriptionRequestSchema = z.object({
  address: z.string().min(1).max(320),
  name: z.string().max(256).optional(),
});
export type SubscriptionRequest = z.infer<typeof SubscriptionRequestSchema>;

export const IM_STATES = ['off', 'connecting', 'online', 'offline', 'failed'] as const;

export const ImStatusSchema = z.object({
  /** off: not configured or turned off; failed: refused (see `failure`); offline: retrying. */
  state: z.enum(IM_STATES),
  address: z.string().max(320).optional(),
  failure: FailureSchema.optional(),
  retryAt: IsoInstantSchema.optional(),
});
export type ImStatus = z.infer<typeof ImStatusSchema>;

export const MAX_CHAT_MESSAGE_LENGTH = 10_000;

export const MESSAGE_STATES = ['sending', 'sent', 'delivered', 'displayed', 'failed'] as const;

export const ChatMessageSchema = z.object({
  id: z.string().min(1).max(256),
  direction: z.enum(['in', 'out']),
  /** Plain text, never HTML; the window linkifies https links only. */
  body: z.string().max(MAX_CHAT_MESSAGE_LENGTH),
  at: IsoInstantSchema,
  /** Outgoing: how far it got. Incoming: always `delivered`, `displayed` once read. */
  state: z.enum(MESSAGE_STATES),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const MAX_MESSAGES_IN_SNAPSHOT = 500;

export const ConversationSchema = z.object({
  /** The contact's address. */
  with: z.string().min(1).max(320),
  /** The newest messages, oldest first; `load-earlier-messages` widens the window. */
  messages: z.array(ChatMessageSchema).max(MAX_MESSAGES_IN_SNAPSHOT * 20),
  /** Earlier messages exist beyond `messages`. */
  hasEarlier: z.boolean(),
  /** The contact is typing (XEP-0085 composing). */
  typing: z.boolean(),
  unread: z.int().nonnegative(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

/** Whether the OS keychain can keep a password; unknown until the core has asked it. */
export const KEYCHAIN_STATES = ['unknown', 'available', 'unavailable'] as const;

/**
 * Things the user should know, as data: each shell words them in its own language. Only the
 * values a sentence needs travel (an errno code, a file name), never a path or a secret.
 */
export const WarningSchema = z.discriminatedUnion('kind', [
  /** The settings file exists but could not be read (e.g. EACCES); defaults are in use. */
  z.object({
    kind: z.literal('settings-unreadable'),
    code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'an errno code'),
  }),
  /** The settings file was damaged and renamed to `keptAs` (a file name in the data folder). */
  z.object({ kind: z.literal('settings-damaged'), keptAs: z.string().min(1).max(255) }),
  /** A password was found in the settings file and taken out of it. */
  z.object({ kind: z.literal('secrets-removed') }),
]);
export type Warning = z.infer<typeof WarningSchema>;

/**
 * A sign-in in progress, step by step, so the window can show it ("Looking up contoso.com…",
 * "Continue in your browser", a device code). Null when no sign-in runs.
 */
export const SignInProgressSchema = z.discriminatedUnion('step', [
  /** Autodiscover is looking for the server of `domain`. */
  z.object({
    step: z.literal('discovering'),
    mailbox: z.string().max(320),
    domain: z.string().max(253),
  }),
  /**
   * Discovery finished: the window asks for what `method` needs (a password, or nothing for
   * OAuth). `ewsUrl` absent with `failed`: the window offers the manual server field.
   */
  z.object({
    step: z.literal('discovered'),
    mailbox: z.string().max(320),
    ewsUrl: z.string().max(2048).optional(),
    method: z.enum(['password', 'oauth']),
    /** Exchange Online (the address's tenant is in Microsoft 365). */
    online: z.boolean(),
    failed: z.boolean(),
  }),
  /** The system browser was opened at the authority; waiting for the redirect (or Cancel). */
  z.object({
    step: z.literal('browser'),
    mailbox: z.string().max(320),
    expiresAt: IsoInstantSchema,
    /**
     * The authority's sign-in page (https on the configured authority only, vetted by the core)
     * for a link the user can click: the web shell cannot open a browser on its own.
     */
    url: z
      .string()
      .max(8192)
      .refine((u) => u.startsWith('https://'))
      .optional(),
  }),
  /** Device-code sign-in: the user opens `verificationUri` anywhere and types `userCode`. */
  z.object({
    step: z.literal('device-code'),
    mailbox: z.string().max(320),
    userCode: z.string().max(64),
    verificationUri: z.string().max(2048),
    expiresAt: IsoInstantSchema,
  }),
  /** Credentials or a token are being tried against Exchange. */
  z.object({ step: z.literal('verifying'), mailbox: z.string().max(320) }),
]);
export type SignInProgress = z.infer<typeof SignInProgressSchema>;

/** The trusted private CA, as the window shows it. */
export const TrustedCaSchema = z.object({
  subject: z.string().max(1000),
  fingerprint256: z.string().max(200),
  notAfter: IsoInstantSchema.optional(),
});
export type TrustedCa = z.infer<typeof TrustedCaSchema>;

/** Why sharing with other apps failed, as a reason the window puts in words. */
export const SHARING_PROBLEMS = [
  'port-in-use',
  'insecure-url',
  'invalid-url',
  'redirect-refused',
  'timeout',
  'http-status',
  'connection-refused',
  'host-not-found',
  'certificate',
  'auth-refused',
  'network',
] as const;
export const SharingProblemSchema = z.enum(SHARING_PROBLEMS);
export type SharingProblem = z.infer<typeof SharingProblemSchema>;

export const SharingStatusSchema = z.object({
  api: z.object({
    state: z.enum(['off', 'listening', 'failed']),
    /** `http://127.0.0.1:<port>` while listening. */
    url: z.string().max(64).optional(),
    problem: SharingProblemSchema.optional(),
    /** The last 4 characters of the token, to recognise it; the token itself only on request. */
    tokenHint: z.string().max(8).optional(),
  }),
  webhooks: z.array(
    z.object({
      id: z.string().max(36),
      lastCalledAt: IsoInstantSchema.optional(),
      /** The HTTP status of the last call. */
      lastStatus: z.int().min(100).max(599).optional(),
      /** The last failure, kept until a call succeeds. */
      problem: SharingProblemSchema.optional(),
      problemAt: IsoInstantSchema.optional(),
      hasSecret: z.boolean(),
    }),
  ),
  mqtt: z.object({
    state: z.enum(['off', 'connecting', 'connected', 'failed']),
    problem: SharingProblemSchema.optional(),
    retryAt: IsoInstantSchema.optional(),
    hasPassword: z.boolean(),
  }),
});
export type SharingStatus = z.infer<typeof SharingStatusSchema>;

/**
 * Beacon's presence in Teams (Graph accounts with "Show my Beacon status in Teams"). off: nothing
 * to publish (the setting is off, the account cannot publish, or it is not signed in); starting:
 * the first set is on its way; on: Teams holds Beacon's status; failing: the last attempt failed
 * (`reason`), the last state Teams accepted is kept, and the next attempt is due at `retryAt`.
 */
export const TEAMS_PUBLISHING_STATES = ['off', 'starting', 'on', 'failing'] as const;
export const TEAMS_PUBLISHING_PROBLEMS = [
  /** Teams refused (403): the organisation has not allowed Beacon to set presence. */
  'not-allowed',
  /** The Microsoft sign-in was refused (401): it needs renewing. */
  'sign-in',
  /** Teams is busy or throttling (429, 503). */
  'busy',
  /** Teams could not be reached (network, timeout, certificate). */
  'unreachable',
  /** Anything else Teams answered. */
  'server-error',
] as const;
export const TeamsStatusSchema = z.object({
  publishing: z.enum(TEAMS_PUBLISHING_STATES),
  /** Why it is failing (failing only). */
  reason: z.enum(TEAMS_PUBLISHING_PROBLEMS).optional(),
  /** When the next attempt is due (failing only). */
  retryAt: IsoInstantSchema.optional(),
});
export type TeamsStatus = z.infer<typeof TeamsStatusSchema>;
export type TeamsPublishingProblem = (typeof TEAMS_PUBLISHING_PROBLEMS)[number];

export const SnapshotSchema = z.object({
  account: AccountSchema,
  signInProgress: SignInProgressSchema.nullable(),
  trustedCa: TrustedCaSchema.nullable(),
  /** The local API, webhooks and MQTT, as they run. */
  sharing: SharingStatusSchema,
  keychain: z.enum(KEYCHAIN_STATES),
  connection: ConnectionSchema,
  presence: PresenceSchema,
  /** The current manual choice; null when presence is automatic. */
  manual: ManualStatusSchema.nullable(),
  /** null until the first successful read of the OOF settings. */
  oof: OofSnapshotSchema.nullable(),
  /** Today's calendar items, in start order. */
  agenda: z.array(AgendaItemSchema),
  /** null until the first successful free/busy read. */
  timeline: TimelineSchema.nullable(),
  /** The roster with live (IM) or calendar-derived presence, in display order. */
  contacts: z.array(ContactSchema),
  /** People who asked to see my presence. */
  subscriptionRequests: z.array(SubscriptionRequestSchema),
  im: ImStatusSchema,
  /** Open conversations, most recent activity first. */
  conversations: z.array(ConversationSchema),
  /** The newest voicemails first (at most `settings.voicemail.maxItems`). */
  voicemail: z.array(VoicemailItemSchema),
  /**
   * End of the last refresh whose voicemail list Exchange gave: the same instant as
   * `connection.lastSuccessAt` when the latest refresh listed voicemail, older when it failed.
   */
  voicemailListedAt: IsoInstantSchema.optional(),
  settings: SettingsSchema,
  /** Things the user should know (a damaged settings file, ...), worded by each shell. */
  warnings: z.array(WarningSchema),
  /** Beacon's presence in Teams; absent is off (and in Snapshots of earlier versions). */
  teams: TeamsStatusSchema.optional(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

// ---------------------------------------------------------------------------------------------
// Commands

export const SetManualStatusSchema = z.strictObject({
  type: z.literal('set-manual-status'),
  availability: ManualAvailabilitySchema,
  note: NoteSchema.default(''),
  expiry: ManualExpirySchema,
});

export const ResetStatusSchema = z.strictObject({ type: z.literal('reset-status') });

export const SetOofSchema = z
  .strictObject({
    type: z.literal('set-oof'),
    state: OofStateSchema,
    start: IsoInstantSchema.optional(),
    end: IsoInstantSchema.optional(),
    internalReply: OofReplySchema,
    externalReply: OofReplySchema,
    externalAudience: ExternalAudienceSchema,
  })
  .superRefine((c, ctx) => {
    if (c.state !== 'scheduled') return;
    if (c.start === undefined || c.end === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'A scheduled reply needs a start and an end',
        path: [c.start === undefined ? 'start' : 'end'],
      });
    } else if (Date.parse(c.end) <= Date.parse(c.start)) {
      ctx.addIssue({ code: 'custom', message: 'The end must be after the start', path: ['end'] });
    }
  });

export const TurnOofOffSchema = z.strictObject({ type: z.literal('turn-oof-off') });

export const RefreshNowSchema = z.strictObject({ type: z.literal('refresh-now') });

/** Names an agenda item; the core looks its join URL up. The UI never hands the core a URL. */
export const OpenJoinLinkSchema = z.strictObject({
  type: z.literal('open-join-link'),
  itemId: z.string().min(1).max(1024),
});

export const UpdateSettingsSchema = z.strictObject({
  type: z.literal('update-settings'),
  settings: SettingsPatchSchema,
});

/**
 * Connects an Exchange account. The result is ok only once Exchange accepted the credentials;
 * only then do they replace the stored ones. With `remember` the password goes to the OS
 * keychain, otherwise (or without a keychain) it stays in memory for this run. It is never kept
 * in settings, the Snapshot or logs. Without `ewsUrl`, Autodiscover finds the server.
 */
export const SignInSchema = z.strictObject({
  type: z.literal('sign-in'),
  mailbox: MailboxSchema,
  password: z.string().min(1).max(1024),
  ewsUrl: EwsUrlSchema.optional(),
  remember: z.boolean().default(true),
});

/** Email-first sign-in: Autodiscover finds the server and the method (Snapshot signInProgress). */
export const DiscoverAccountSchema = z.strictObject({
  type: z.literal('discover-account'),
  mailbox: MailboxSchema,
});

/**
 * OAuth sign-in: the system browser (auth code + PKCE, loopback redirect), or a device code
 * (a headless machine, the web shell elsewhere). Tokens go to the keychain with `remember`.
 */
export const SignInOAuthSchema = z.strictObject({
  type: z.literal('sign-in-oauth'),
  mailbox: MailboxSchema,
  flow: z.enum(['browser', 'device-code']).default('browser'),
  ewsUrl: EwsUrlSchema.optional(),
  remember: z.boolean().default(true),
});

/** Stops a sign-in that waits for the browser or a device code. */
export const CancelSignInSchema = z.strictObject({ type: z.literal('cancel-sign-in') });

/** Trusts a private CA (PEM) for Exchange, XMPP and SMTP; `null` removes it. */
export const TrustCaSchema = z.strictObject({
  type: z.literal('trust-ca'),
  pem: z
    .string()
    .max(64 * 1024)
    .nullable(),
});

/** Forgets the account and its stored password; Beacon shows the signed-out state. */
export const SignOutSchema = z.strictObject({ type: z.literal('sign-out') });

/** From the signed-out state: show the demo mailbox. */
export const UseDemoSchema = z.strictObject({ type: z.literal('use-demo') });

const VoicemailIdSchema = z.string().min(1).max(1024);
const AddressSchema = z.string().trim().min(3).max(320);

/** Fetches (and if needed transcodes) the audio, so `audio.src` becomes ready. */
export const PrepareVoicemailAudioSchema = z.strictObject({
  type: z.literal('prepare-voicemail-audio'),
  id: VoicemailIdSchema,
});

export const SetVoicemailReadSchema = z.strictObject({
  type: z.literal('set-voicemail-read'),
  id: VoicemailIdSchema,
  read: z.boolean(),
});

/** Hides the item at once; it moves to Deleted Items when the Undo time is over. */
export const DeleteVoicemailSchema = z.strictObject({
  type: z.literal('delete-voicemail'),
  id: VoicemailIdSchema,
});

export const UndoDeleteVoicemailSchema = z.strictObject({
  type: z.literal('undo-delete-voicemail'),
  id: VoicemailIdSchema,
});

/** Opens tel:/sip: for the caller through the shell's vetted opener. */
export const CallBackSchema = z.strictObject({
  type: z.literal('call-back'),
  id: VoicemailIdSchema,
});

/** Opens the cached original audio in the system's default player (when the shell can). */
export const OpenVoicemailAudioSchema = z.strictObject({
  type: z.literal('open-voicemail-audio'),
  id: VoicemailIdSchema,
});

/** Signs in to the IM (XMPP) account; the password goes to the keychain with `remember`. */
export const ImSignInSchema = z.strictObject({
  type: z.literal('im-sign-in'),
  address: AddressSchema,
  password: z.string().min(1).max(1024),
  server: z.string().max(253).optional(),
  port: z.int().min(1).max(65535).optional(),
  remember: z.boolean().default(true),
});

export const ImSignOutSchema = z.strictObject({ type: z.literal('im-sign-out') });

export const AddContactSchema = z.strictObject({
  type: z.literal('add-contact'),
  address: AddressSchema,
  name: z.string().max(256).optional(),
  group: z.string().max(128).optional(),
});

export const RemoveContactSchema = z.strictObject({
  type: z.literal('remove-contact'),
  address: AddressSchema,
});

export const AnswerSubscriptionSchema = z.strictObject({
  type: z.literal('answer-subscription'),
  address: AddressSchema,
  approve: z.boolean(),
});

export const SetContactAlertSchema = z.strictObject({
  type: z.literal('set-contact-alert'),
  address: AddressSchema,
  on: z.boolean(),
});

export const SendMessageSchema = z.strictObject({
  type: z.literal('send-message'),
  to: AddressSchema,
  body: z.string().trim().min(1).max(MAX_CHAT_MESSAGE_LENGTH),
});

export const SetChatStateSchema = z.strictObject({
  type: z.literal('set-chat-state'),
  to: AddressSchema,
  state: z.enum(['active', 'composing', 'paused', 'inactive']),
});

/** The conversation is on screen: its messages are read (displayed markers go out). */
export const MarkConversationReadSchema = z.strictObject({
  type: z.literal('mark-conversation-read'),
  with: AddressSchema,
});

/** Closes the conversation (and saves it to Conversation History when that is on). */
export const CloseConversationSchema = z.strictObject({
  type: z.literal('close-conversation'),
  with: AddressSchema,
});

/**
 * Opens an https link shown in a message. The core checks that the message exists, that its text
 * holds the link, and that the link passes the same rule as Join, before the shell opens it.
 */
export const OpenMessageLinkSchema = z.strictObject({
  type: z.literal('open-message-link'),
  with: AddressSchema,
  messageId: z.string().min(1).max(256),
  url: z.string().min(1).max(2048),
});

export const LoadEarlierMessagesSchema = z.strictObject({
  type: z.literal('load-earlier-messages'),
  with: AddressSchema,
});

/** The SMTP relay password (to the keychain); host, port, user and from are settings. */
export const SetSmtpPasswordSchema = z.strictObject({
  type: z.literal('set-smtp-password'),
  password: z.string().min(1).max(1024),
});

/** A new local API token; the old one stops working at once. Answers with the new token. */
export const RegeneratePresenceApiTokenSchema = z.strictObject({
  type: z.literal('regenerate-presence-api-token'),
});

/** Answers with the local API token, for Settings' "Show" and "Copy". */
export const RevealPresenceApiTokenSchema = z.strictObject({
  type: z.literal('reveal-presence-api-token'),
});

/** Keeps (or with null, removes) the `{{secret}}` of one webhook in the keychain. */
export const SetWebhookSecretSchema = z.strictObject({
  type: z.literal('set-webhook-secret'),
  id: z.string().regex(/^[a-z0-9-]{1,36}$/),
  secret: z.string().min(1).max(1024).nullable(),
});

/** Calls one webhook now with the current presence, as a test from Settings. */
export const TestWebhookSchema = z.strictObject({
  type: z.literal('test-webhook'),
  id: z.string().regex(/^[a-z0-9-]{1,36}$/),
});

/** Keeps (or with null, removes) the MQTT broker password in the keychain. */
export const SetMqttPasswordSchema = z.strictObject({
  type: z.literal('set-mqtt-password'),
  password: z.string().min(1).max(1024).nullable(),
});

export const CommandSchema = z.discriminatedUnion('type', [
  SetManualStatusSchema,
  ResetStatusSchema,
  SetOofSchema,
  TurnOofOffSchema,
  RefreshNowSchema,
  OpenJoinLinkSchema,
  UpdateSettingsSchema,
  SignInSchema,
  SignOutSchema,
  UseDemoSchema,
  PrepareVoicemailAudioSchema,
  SetVoicemailReadSchema,
  DeleteVoicemailSchema,
  UndoDeleteVoicemailSchema,
  CallBackSchema,
  OpenVoicemailAudioSchema,
  ImSignInSchema,
  ImSignOutSchema,
  AddContactSchema,
  RemoveContactSchema,
  AnswerSubscriptionSchema,
  SetContactAlertSchema,
  SendMessageSchema,
  SetChatStateSchema,
  MarkConversationReadSchema,
  CloseConversationSchema,
  LoadEarlierMessagesSchema,
  OpenMessageLinkSchema,
  SetSmtpPasswordSchema,
  DiscoverAccountSchema,
  SignInOAuthSchema,
  CancelSignInSchema,
  TrustCaSchema,
  RegeneratePresenceApiTokenSchema,
  RevealPresenceApiTokenSchema,
  SetWebhookSecretSchema,
  TestWebhookSchema,
  SetMqttPasswordSchema,
]);
export type Command = z.infer<typeof CommandSchema>;
/** What a sender may write: defaulted fields (e.g. `note`) may be left out. */
export type CommandInput = z.input<typeof CommandSchema>;
export type CommandType = Command['type'];
export type CommandOf<K extends CommandType> = Extract<Command, { type: K }>;

export const COMMAND_TYPES: readonly CommandType[] = Object.freeze(
  CommandSchema.options.map((option) => option.shape.type.value),
);

export const COMMAND_ERROR_CODES = [
  /** The command did not pass the schema (the `issues` say where). */
  'invalid-command',
  /** It names something that does not exist, e.g. an agenda item id. */
  'not-found',
  /** Valid, but not possible now, e.g. an item without a join link, or OOF not loaded yet. */
  'not-allowed',
  /** Exchange refused the credentials; the user must sign in again. */
  'auth-required',
  /** Exchange or the network failed; `message` explains. */
  'server-error',
  /** A bug in the core. */
  'internal',
] as const;
export const CommandErrorCodeSchema = z.enum(COMMAND_ERROR_CODES);
export type CommandErrorCode = z.infer<typeof CommandErrorCodeSchema>;

export const CommandIssueSchema = z.object({ path: z.string(), message: z.string() });
export type CommandIssue = z.infer<typeof CommandIssueSchema>;

export const CommandErrorSchema = z.object({
  code: CommandErrorCodeSchema,
  /** For logs and the CLI; the window shows `failure` (or the code) in its own words instead. */
  message: z.string(),
  issues: z.array(CommandIssueSchema).optional(),
  /** Why Exchange or the keychain failed, when that is known. */
  failure: FailureSchema.optional(),
});
export type CommandError = z.infer<typeof CommandErrorSchema>;

export const CommandResultSchema = z.discriminatedUnion('ok', [
  /** `secret` only for the commands that reveal one (the local API token), never logged. */
  z.object({ ok: z.literal(true), secret: z.string().max(256).optional() }),
  z.object({ ok: z.literal(false), error: CommandErrorSchema }),
]);
export type CommandResult = z.infer<typeof CommandResultSchema>;
export type CommandFailure = Extract<CommandResult, { ok: false }>;

export const COMMAND_OK: CommandResult = Object.freeze({ ok: true });

export function commandFailure(
  code: CommandErrorCode,
  message: string,
  issues?: CommandIssue[],
): CommandFailure {
  return issues === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, issues } };
}

export type ParseCommandResult = { ok: true; command: Command } | CommandFailure;

/** Validates anything that arrives from a shell; never throws. */
export function parseCommand(input: unknown): ParseCommandResult {
  const parsed = CommandSchema.safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };

  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const type =
    typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  let message: string;
  if (typeof type !== 'string') message = 'A command is an object with a string "type"';
  else if (!(COMMAND_TYPES as readonly string[]).includes(type))
    message = `Unknown command type "${type.slice(0, 64)}"`;
  else message = `Invalid "${type}" command`;
  return commandFailure('invalid-command', message, issues);
}

/**
 * One handler per command type. An object of this type that misses a command, or handles one
 * with the wrong payload, does not compile: adding a command forces every dispatcher to handle it.
 */
export type CommandHandlers = {
  [K in CommandType]: (command: CommandOf<K>) => Promise<CommandResult>;
};

/** Calls the handler for `command.type`. */
export function dispatchCommand(
  handlers: CommandHandlers,
  command: Command,
): Promise<CommandResult> {
  // TypeScript cannot correlate the key with the payload; CommandHandlers guarantees it.
  const handler = handlers[command.type] as (c: Command) => Promise<CommandResult>;
  return handler(command);
}

// ---------------------------------------------------------------------------------------------
// The Api both shells carry

export type SnapshotListener = (snapshot: Snapshot) => void;

/** Who looks at the window: "today" and the core's own formatting follow their zone. */
export const ViewerSchema = z.strictObject({
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'Must be an IANA time zone'),
});
export type Viewer = z.infer<typeof ViewerSchema>;

export interface Api {
  getSnapshot(): Snapshot;
  /**
   * The viewer's time zone (the web shell sends the browser's per connection; the last one
   * wins). Optional: the Electron shell's viewer is the system, which the core already uses.
   */
  setViewer?(viewer: Viewer): void;
  /** Calls `listener` with every new Snapshot; returns the unsubscribe function. */
  subscribe(listener: SnapshotListener): () => void;
  /**
   * Runs a command. Implementations validate with `parseCommand` whatever the static type says,
   * because the value crossed a process boundary.
   */
  execute(command: CommandInput): Promise<CommandResult>;
}
