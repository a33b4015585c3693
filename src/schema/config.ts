/**
 * The files in kluis's home that kluis itself writes but anyone can edit:
 * config.json and the secret store (core/config). The schema is the type.
 * Unknown fields of config.json are kept, so a settings change by this
 * kluis does not drop what a newer one wrote.
 */
import type * as V from 'valibot';
import type { Valibot } from './valibot.js';
import { type Known, lazySchema } from './valibot.js';

function serverEntries(v: Valibot) {
  return {
    /** libpq keyword/value settings, without a password. */
    conninfo: v.string(),
    /** Key in the secret store when a password was given. */
    passwordRef: v.optional(v.string()),
    /** When it was added; settings written by hand may lack it. */
    addedAt: v.optional(v.string()),
  };
}

function configEntries<S extends V.GenericSchema>(v: Valibot, server: S) {
  return {
    version: v.literal(1),
    servers: v.pipe(v.record(v.string(), server), v.readonly()),
    /** Whether licences from the bundled demo issuer are accepted (default true). */
    trustDemoIssuer: v.optional(v.boolean()),
  };
}

export const configSchema = lazySchema((v) => v.looseObject(configEntries(v, v.looseObject(serverEntries(v)))));

/** The secret store: reference → sealed password (base64). */
export const secretStoreSchema = lazySchema((v) => v.record(v.string(), v.string()));

type ServerEntries = ReturnType<typeof serverEntries>;
export type ServerEntry = Known<ServerEntries>;
export type KluisConfig = Known<ReturnType<typeof configEntries<V.ObjectSchema<ServerEntries, undefined>>>>;
