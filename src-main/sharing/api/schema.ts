/**
 * The local API's wire format, version 1. These zod schemas are the source of truth: responses are
 * built to them, requests are parsed with them, and the JSON Schema in the README is generated
 * from them (`presenceApiJsonSchema`; a test checks the README's copy is current).
 */
import { z } from 'zod';
import {
  ActivitySchema,
  AvailabilitySchema,
  IsoInstantSchema,
  ManualAvailabilitySchema,
  ManualExpirySchema,
  NoteSchema,
  PresenceSourceSchema,
} from '../../core/contract.js';

export const SCHEMA_VERSION = 1;

/** `GET /v1/presence` and every `presence` event of `GET /v1/presence/stream`. */
export const PresenceDocumentSchema = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION),
    availability: AvailabilitySchema,
    /** What the availability is about and until when (`until` on the timed kinds). */
    activity: ActivitySchema,
    /** The activity in the user's words and time zone ("In a meeting until 15:30"). */
    activityText: z.string(),
    /** Automatic replies (out of office) are on. */
    oof: z.boolean(),
    note: z.string(),
    /** The user has been away from the keyboard past the inactive threshold, or locked. */
    idle: z.boolean(),
    /** `manual` (chosen by the user), `automatic` (calendar, OOF, idle) or `signed-out`. */
    source: PresenceSourceSchema,
    /** When a chosen status ends by itself; absent for automatic presence or "never". */
    manualExpiresAt: IsoInstantSchema.optional(),
    /** When this presence took effect. */
    updatedAt: IsoInstantSchema,
  })
  .meta({ title: 'Beacon presence', $id: 'https://beacon.invalid/schema/presence-v1.json' });
export type PresenceDocument = z.infer<typeof PresenceDocumentSchema>;

/** `GET /v1/contacts/{address}/presence`: a contact Beacon already tracks. */
export const ContactPresenceDocumentSchema = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION),
    address: z.string(),
    name: z.string(),
    availability: AvailabilitySchema,
    activity: ActivitySchema,
    activityText: z.string(),
    oof: z.boolean(),
    note: z.string(),
    idle: z.boolean(),
    /** `im` (their IM presence), `calendar` (their free/busy), `none`, or `teams` (Graph accounts). */
    source: z.enum(['im', 'calendar', 'none', 'teams']),
    updatedAt: IsoInstantSchema.optional(),
  })
  .meta({ title: 'Beacon contact presence' });
export type ContactPresenceDocument = z.infer<typeof ContactPresenceDocumentSchema>;

export const ERROR_CODES = [
  'bad-request',
  'unauthorized',
  'not-found',
  'method-not-allowed',
  'payload-too-large',
  'unsupported-media-type',
  'misdirected-request',
  'refused',
  'internal',
] as const;

/** Every error answer: a stable code and a sentence for people. */
export const ErrorDocumentSchema = z
  .strictObject({
    error: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string() }),
  })
  .meta({ title: 'Beacon API error' });
export type ErrorDocument = z.infer<typeof ErrorDocumentSchema>;

/** `PUT /v1/presence/manual`: the same choice the window offers. */
export const ManualRequestSchema = z
  .strictObject({
    availability: ManualAvailabilitySchema,
    note: NoteSchema.optional(),
    /** How long the choice lasts; `never` when absent. */
    expiry: ManualExpirySchema.optional(),
  })
  .meta({ title: 'Beacon manual status request' });
export type ManualRequest = z.infer<typeof ManualRequestSchema>;

/** The JSON Schema (2020-12) of the API, as published in the README. */
export function presenceApiJsonSchema(): Record<string, unknown> {
  const one = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'throw' }) as Record<
      string,
      unknown
    >;
    delete json.$schema;
    delete json.$id;
    return json;
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Beacon local presence API, version 1',
    $defs: {
      presence: one(PresenceDocumentSchema, 'output'),
      contactPresence: one(ContactPresenceDocumentSchema, 'output'),
      error: one(ErrorDocumentSchema, 'output'),
      manualRequest: one(ManualRequestSchema, 'input'),
    },
  };
}
