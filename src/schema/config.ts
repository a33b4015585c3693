/**
 * The files in kluis's home that kluis itself writes but anyone can edit:
 * config.json and the secret store (core/config). The schema is the type.
 * Unknown fields of config.json are kept, so a settings change by this
 * kluis does not drop what a newer one wrote.
 */
import type * as V from 'valibot';
import { count } from './common.js';
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

/**
 * What a repository keeps (restic's keep-* meaning, per administration) and
 * how old the newest good backup may be before `kluis check` flags it.
 */
function retentionPolicyEntries(v: Valibot) {
  const n = () => v.optional(count(v));
  return {
    keepLast: n(),
    keepDaily: n(),
    keepWeekly: n(),
    keepMonthly: n(),
    keepYearly: n(),
    /** Bewaarplicht: the last backup of every closed fiscal year is kept this many years (default 7). */
    fiscalYears: n(),
    /** Hours after which an administration without a newer good backup is flagged (default 26). */
    maxAgeHours: n(),
  };
}

/** A named place where backups are kept: a folder or S3-compatible object storage. Never a secret in here. */
function repositoryEntries(v: Valibot) {
  return {
    /** A folder path, or s3://bucket/prefix. */
    url: v.string(),
    /** S3 only: the endpoint (https://…), when not AWS itself or the standard AWS variables. */
    endpoint: v.optional(v.string()),
    region: v.optional(v.string()),
    /** S3 only: key in the secret store of the access key id and secret, when not from the AWS variables and files. */
    credentialsRef: v.optional(v.string()),
    policy: v.optional(v.looseObject(retentionPolicyEntries(v))),
    addedAt: v.optional(v.string()),
  };
}

function configEntries<S extends V.GenericSchema>(v: Valibot, server: S) {
  return {
    version: v.literal(1),
    servers: v.pipe(v.record(v.string(), server), v.readonly()),
    repositories: v.optional(v.pipe(v.record(v.string(), v.looseObject(repositoryEntries(v))), v.readonly())),
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
export type RepositorySettings = Known<ReturnType<typeof repositoryEntries>>;
export type RetentionPolicy = Known<ReturnType<typeof retentionPolicyEntries>>;
