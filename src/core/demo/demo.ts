/**
 * The demo environment: an accountant's administration (licence with
 * E-Accountancy, the accountant and three staff users) and a client's
 * administration with a year of realistic books, so a newcomer can walk the
 * client-install path at once: the client's backup lies in the demo folder
 * and in the backup history, as if the client had sent it. Everything is
 * signed by the public demo issuer. Running it again keeps what exists.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isToolError } from '../../errors/index.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { makeFolder } from '../../storage/folders.js';
import { createAdministration, type NewUser } from '../administrations/create-administration.js';
import { withSystemDb } from '../administrations/find-administration.js';
import { generateAdministration } from '../administrations/generate-administration.js';
import { installDefaultLicence } from '../administrations/licence-files.js';
import { createBackup } from '../backup/create-backup.js';
import type { KluisContext } from '../context.js';
import { generatorSizes } from '../generator/generate-data.js';
import { issueDemoLicence } from '../licence/demo-licences.js';
import { accountancyArticle, type LicenceDocument } from '../licence/licence.js';
import { SystemDb } from '../system-db/system-db.js';

/** Every demo user has this password; it is printed by `kluis demo`. */
export const demoPassword = 'demo-wachtwoord';

export const demoAccountant = {
  administration: 'Accountantskantoor De Vries',
  holder: 'Accountantskantoor De Vries B.V.',
  users: [
    { userName: 'devries', fullName: 'Marieke de Vries', role: 'administrator' },
    { userName: 'anna', fullName: 'Anna Bakker', role: 'accountant' },
    { userName: 'bram', fullName: 'Bram Visser', role: 'accountant' },
    { userName: 'carla', fullName: 'Carla Smit', role: 'bookkeeper' },
  ],
} as const;

export const demoClient = {
  administration: 'Bakkerij Jansen',
  holder: 'Bakkerij Jansen B.V.',
  users: [
    { userName: 'jansen', fullName: 'Peter Jansen', role: 'administrator' },
    { userName: 'petra', fullName: 'Petra Jansen', role: 'bookkeeper' },
  ],
} as const;

/** What the demo is doing, told before each step that takes a while. */
export type DemoStep = 'accountant' | 'client' | 'client-backup';

export interface DemoResult {
  readonly accountant: { number: number; name: string; created: boolean };
  readonly client: { number: number; name: string; created: boolean };
  readonly licenceFiles: { accountant: string; client: string };
  /** The client's backup, as if the client had sent it (in the backup history too). */
  readonly clientBackup: { path: string; created: boolean };
  readonly password: string;
  readonly users: { accountant: string[]; client: string[] };
}

function withPassword(users: ReadonlyArray<{ userName: string; fullName: string; role: NewUser['role'] }>): NewUser[] {
  return users.map((u) => ({ ...u, password: demoPassword }));
}

/**
 * The client's backup under the standard name in the demo folder. Another
 * demo (another server's, with the same home) may take the free name between
 * choosing and linking it: then the next free name is taken.
 */
async function backupInto(ctx: KluisContext, number: number, dir: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await createBackup(ctx, { adm: String(number), output: dir })).location;
    } catch (err) {
      if (!isToolError(err, 'BACKUP_FILE_EXISTS') || attempt === 5) throw err;
    }
  }
}

/** The client's backup in the demo folder this server's history knows, when it is still there. */
async function sentBackup(sys: SystemDb, identity: string, dir: string): Promise<string | undefined> {
  const r = await sys.client.query<{ location: string }>(
    'select location from backup_history where identity = $1 order by created_at desc',
    [identity],
  );
  return r.rows.map((row) => row.location).find((location) => dirname(location) === dir && existsSync(location));
}

export async function createDemo(
  ctx: KluisContext,
  onProgress: (step: DemoStep) => void = () => undefined,
): Promise<DemoResult> {
  const accountantLicence = issueDemoLicence({
    holder: demoAccountant.holder,
    registeredUser: 'devries',
    articles: ['Base', accountancyArticle],
    maxUsers: 25,
  });
  const clientLicence = issueDemoLicence({
    holder: demoClient.holder,
    registeredUser: 'jansen',
    articles: ['Base'],
    maxUsers: 5,
  });
  const dir = join(ctx.home, 'demo');
  makeFolder(dir, 0o755);
  const files = { accountant: join(dir, 'licentie-accountant.json'), client: join(dir, 'licentie-klant.json') };
  const write = (path: string, doc: LicenceDocument) => writeFileAtomic(path, `${JSON.stringify(doc, null, 2)}\n`);

  const existing = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const client = await sys.byName(demoClient.administration);
    return {
      accountant: await sys.byName(demoAccountant.administration),
      client,
      clientBackup: client ? await sentBackup(sys, client.identity, dir) : undefined,
    };
  });

  let accountant = existing.accountant;
  if (!accountant) {
    onProgress('accountant');
    write(files.accountant, accountantLicence);
    installDefaultLicence(ctx, accountantLicence);
    accountant = await createAdministration(ctx, {
      name: demoAccountant.administration,
      licence: accountantLicence,
      users: withPassword(demoAccountant.users),
    });
  }
  let client = existing.client;
  if (!client) {
    onProgress('client');
    write(files.client, clientLicence);
    client = await generateAdministration(ctx, {
      name: demoClient.administration,
      size: generatorSizes.demo,
      seed: 'kluis-demo',
      licence: clientLicence,
      users: withPassword(demoClient.users),
    });
  }
  let clientBackup = existing.clientBackup;
  if (!clientBackup) {
    onProgress('client-backup');
    clientBackup = await backupInto(ctx, client.number, dir);
  }
  return {
    clientBackup: { path: clientBackup, created: !existing.clientBackup },
    accountant: { number: accountant.number, name: accountant.name, created: !existing.accountant },
    client: { number: client.number, name: client.name, created: !existing.client },
    licenceFiles: files,
    password: demoPassword,
    users: { accountant: demoAccountant.users.map((u) => u.userName), client: demoClient.users.map((u) => u.userName) },
  };
}
