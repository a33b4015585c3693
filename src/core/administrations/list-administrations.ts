/** Listing and showing administrations. */

import { type Localized, renderMessage, ToolError } from '../../errors/index.js';
import { type AdminCounts, AdminDb } from '../admin-db/admin-db.js';
import { type HandOutInfo, readHandOut } from '../admin-db/hand-outs.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import type { LicenceBody } from '../licence/licence.js';
import { verifyLicence } from '../licence/verify.js';
import { type AdministrationRecord, SystemDb } from '../system-db/system-db.js';
import { findAdministration, withSystemDb } from './find-administration.js';

export interface AdministrationSummary {
  readonly number: string;
  readonly name: string;
  readonly status: AdministrationRecord['status'];
  readonly database: string;
  readonly identity: string;
  readonly createdAt: string;
}

function summary(r: AdministrationRecord): AdministrationSummary {
  return {
    number: formatAdminNumber(r.number),
    name: r.name,
    status: r.status,
    database: r.databaseName,
    identity: r.identity,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listAdministrations(ctx: KluisContext): Promise<AdministrationSummary[]> {
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => (await sys.list()).map(summary));
}

/**
 * The number a new administration made now would get (the lowest one free),
 * for a summary to name before the work starts; undefined when 1–999 are all
 * taken. The work takes the then-lowest free number, which is this one unless
 * something else took it meanwhile.
 */
export async function nextFreeAdministrationNumber(ctx: KluisContext): Promise<number | undefined> {
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) => sys.nextFreeNumber());
}

export type LicenceView = Omit<LicenceBody, 'issuedAt'> & {
  /** "valid", "demo" (valid, public demo issuer) or the refusal code. */
  readonly state: string;
  /** Why a refused licence is refused, in both languages (the code is for scripts, this for people). */
  readonly refusal?: Localized;
};

export function licenceView(body: LicenceBody, state: string, refusal?: Localized): LicenceView {
  const { number, holder, registeredUser, articles, maxUsers, validFrom, validUntil, issuer } = body;
  return {
    number,
    holder,
    registeredUser,
    articles,
    maxUsers,
    validFrom,
    validUntil,
    issuer,
    state,
    ...(refusal ? { refusal } : {}),
  };
}

export interface AdministrationDetails extends AdministrationSummary {
  readonly server: string;
  readonly schemaVersion: number;
  readonly currency: string;
  readonly sizeBytes: number;
  readonly counts: AdminCounts;
  readonly licence: LicenceView | null;
  readonly clientLicence: LicenceView | null;
  readonly users: ReadonlyArray<{ userName: string; fullName: string; role: string; active: boolean; origin: string }>;
  /**
   * The hand-out to the accountant the books hold (kluis client hand-out):
   * the outstanding one, else the latest; null when there never was one.
   */
  readonly handOut: HandOutInfo | null;
}

export async function showAdministration(ctx: KluisContext, ref: string): Promise<AdministrationDetails> {
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const record = await findAdministration(sys, ref);
    if (!(await ctx.engine.databaseExists(record.databaseName))) {
      throw new ToolError('ADMIN_DATABASE_MISSING', {
        adm: formatAdminNumber(record.number),
        database: record.databaseName,
      });
    }
    const db = await AdminDb.open(ctx.engine, record.databaseName);
    try {
      const view = async (role: 'active' | 'client') => {
        const doc = await db.licence(role);
        if (!doc) return null;
        try {
          return licenceView(doc.licence, verifyLicence(doc, ctx.issuers).demo ? 'demo' : 'valid');
        } catch (err) {
          if (!(err instanceof ToolError)) return licenceView(doc.licence, 'INVALID');
          return licenceView(doc.licence, err.code, { nl: renderMessage(err, 'nl'), en: renderMessage(err, 'en') });
        }
      };
      const settings = await db.settings();
      return {
        ...summary(record),
        server: ctx.engine.name,
        schemaVersion: await db.schemaVersion(),
        currency: settings.currency,
        sizeBytes: await db.sizeBytes(),
        counts: await db.counts(),
        licence: await view('active'),
        clientLicence: await view('client'),
        handOut: (await readHandOut(db.client)) ?? null,
        users: (await db.users()).map(({ userName, fullName, role, active, origin }) => ({
          userName,
          fullName,
          role,
          active,
          origin,
        })),
      };
    } finally {
      await db.close();
    }
  });
}
