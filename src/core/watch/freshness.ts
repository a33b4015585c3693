/**
 * Whether an administration has a recent good backup: pure decisions over
 * what the history says and which files still exist (check.ts gathers those).
 *
 * With repositories configured, every repository is a place the
 * administration must have a recent backup in (the off-site copy failing
 * for a week is exactly what must not go unnoticed), each by its own
 * policy's maxAgeHours; without any, a backup anywhere counts, by the
 * default age.
 */
import { resolve } from 'node:path';
import type { RepositorySettings } from '../config/config-store.js';

/** Hours after which an administration without a newer good backup is flagged, when the policy does not say. */
export const defaultMaxAgeHours = 26;

/** Where a backup must be to count, and how old it may be. */
export interface Scope {
  /** The repository's name; undefined: any backup counts, wherever it is. */
  readonly repository?: string;
  readonly url?: string;
  readonly maxAgeHours: number;
}

/** A backup in the history. */
export interface BackupSeen {
  readonly number: number;
  readonly identity: string;
  readonly createdAt: Date;
  readonly location: string;
}

export type FreshnessState = 'ok' | 'overdue' | 'none';

export interface ScopeFreshness {
  readonly repository?: string;
  readonly maxAgeHours: number;
  readonly state: FreshnessState;
  /** The newest good backup that still exists, if any. */
  readonly newestAt?: string;
  readonly location?: string;
  /** Whole hours since it was made. */
  readonly ageHours?: number;
}

export interface AdminFreshness {
  readonly number: string;
  readonly name: string;
  /** The worst of its scopes. */
  readonly state: FreshnessState;
  readonly scopes: readonly ScopeFreshness[];
}

export function scopesOf(repositories: Readonly<Record<string, RepositorySettings>> | undefined): Scope[] {
  const named = Object.entries(repositories ?? {});
  if (named.length === 0) return [{ maxAgeHours: defaultMaxAgeHours }];
  return named
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, r]) => ({ repository: name, url: r.url, maxAgeHours: r.policy?.maxAgeHours ?? defaultMaxAgeHours }));
}

/** Whether a history location is a file of the scope's repository (a folder path, or s3://bucket/prefix/…). */
export function inScope(location: string, scope: Scope): boolean {
  if (scope.url === undefined) return true;
  if (scope.url.startsWith('s3://')) return location.startsWith(`${scope.url.replace(/\/+$/, '')}/`);
  if (location.startsWith('s3://')) return false;
  const folder = resolve(scope.url);
  return resolve(location).startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

const hour = 3_600_000;

export function scopeFreshness(scope: Scope, newest: BackupSeen | undefined, now: Date): ScopeFreshness {
  const base = { ...(scope.repository ? { repository: scope.repository } : {}), maxAgeHours: scope.maxAgeHours };
  if (!newest) return { ...base, state: 'none' };
  const ageMs = now.getTime() - newest.createdAt.getTime();
  return {
    ...base,
    // A clock set back makes a backup look as if it were made in the future: that one is recent, not overdue.
    state: ageMs > scope.maxAgeHours * hour ? 'overdue' : 'ok',
    newestAt: newest.createdAt.toISOString(),
    location: newest.location,
    ageHours: Math.max(0, Math.floor(ageMs / hour)),
  };
}

const rank: Record<FreshnessState, number> = { ok: 0, overdue: 1, none: 2 };

export function worstState(states: readonly FreshnessState[]): FreshnessState {
  return states.reduce<FreshnessState>((worst, s) => (rank[s] > rank[worst] ? s : worst), 'ok');
}

/**
 * The backups that could count for `admin` in `scope`, newest first: its
 * own (same number and identity; a deleted administration's old backups
 * under a reused number are not this one's) and inside the scope.
 */
export function candidates(
  admin: { readonly number: number; readonly identity: string },
  scope: Scope,
  history: readonly BackupSeen[],
): BackupSeen[] {
  return history
    .filter((b) => b.number === admin.number && b.identity === admin.identity && inScope(b.location, scope))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
