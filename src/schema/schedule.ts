/**
 * The two small files of the nightly run in kluis's home (core/watch):
 * `schedule/schedule.json`, what `kluis schedule install` set up (so status
 * and remove know what and where), and `schedule/runs.json`, the record of
 * the last runs (start, end, result, each administration's outcome), which
 * `schedule status` and `kluis check` read. The schema is the type.
 */
import type * as V from 'valibot';
import { count } from './common.js';
import { lazySchema, type Valibot } from './valibot.js';

function localizedEntries(v: Valibot) {
  return v.object({ nl: v.string(), en: v.string() });
}

function declareSchedule(v: Valibot) {
  return v.looseObject({
    version: v.literal(1),
    /** systemd: system units (root); systemd-user: the user's units; cron: /etc/cron.d; crontab: the user's crontab. */
    method: v.picklist(['systemd', 'systemd-user', 'cron', 'crontab']),
    /** The time of day, HH:MM, local time. */
    at: v.pipe(v.string(), v.regex(/^\d\d:\d\d$/)),
    /** The server whose administrations the run backs up. */
    server: v.string(),
    /** Every file written, so remove takes exactly those away. */
    files: v.array(v.string()),
    /** Whether the scheduler was told (systemctl enable, crontab); false when only the files were written. */
    enabled: v.boolean(),
    /** Installed under another root folder (--root): nothing was enabled. */
    root: v.optional(v.string()),
    installedAt: v.string(),
  });
}

function declareRuns(v: Valibot) {
  const failure = v.object({ code: v.string(), message: localizedEntries(v) });
  const administration = v.object({
    number: v.string(),
    name: v.string(),
    repository: v.string(),
    outcome: v.picklist(['ok', 'failed']),
    location: v.optional(v.string()),
    failure: v.optional(failure),
  });
  const repository = v.object({
    name: v.string(),
    url: v.string(),
    /** What prune did: removed that many files, or failed; absent when prune did not run. */
    prune: v.optional(
      v.object({ outcome: v.picklist(['ok', 'failed', 'skipped']), removed: count(v), failure: v.optional(failure) }),
    ),
  });
  const run = v.object({
    id: v.string(),
    startedAt: v.string(),
    endedAt: v.optional(v.string()),
    /** running: begun and not ended (a run whose process is gone was interrupted). */
    result: v.picklist(['running', 'ok', 'failed']),
    host: v.string(),
    pid: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
    server: v.string(),
    administrations: v.array(administration),
    repositories: v.array(repository),
    /** Why the run as a whole failed (no repository, the server unreachable). */
    failure: v.optional(failure),
  });
  return v.looseObject({ version: v.literal(1), runs: v.array(run) });
}

export const scheduleSchema = lazySchema(declareSchedule);
export const runsSchema = lazySchema(declareRuns);

export type InstalledSchedule = Readonly<V.InferOutput<ReturnType<typeof declareSchedule>>>;
export type ScheduleRuns = Readonly<V.InferOutput<ReturnType<typeof declareRuns>>>;
export type ScheduledRun = ScheduleRuns['runs'][number];
export type RunAdministration = ScheduledRun['administrations'][number];
export type RunRepository = ScheduledRun['repositories'][number];
export type RunFailure = NonNullable<ScheduledRun['failure']>;
