/**
 * Two ways an accountant could lose the firm's licence and users, guarded
 * in the CLI and the terminal wizard (the web wizard: test/web/licence-guards):
 *
 * - the open administration (signed in to, or --open) is never overwritten
 *   from inside itself: a restore, client install, auditfile import or copy
 *   with its number as the target is refused with ADMIN_IS_OPEN and changes
 *   nothing;
 * - a plain restore of a client's backup, hand-backs included, says that
 *   "Install a client's database" is probably meant; a client restoring
 *   their own backup (or hand-back) is not told so.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { AdminDb, readBackupFile } from '../../src/core/testing.js';
import { tableDigests } from '../helpers/digest.js';
import {
  type DemoInstallation,
  demoInstallation,
  selectedEngines,
  type TestContext,
  testContext,
} from '../helpers/engines.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("the open administration and a client's licence are guarded", {
  skip: !selectedEngines().includes('embedded'),
}, () => {
  let inst: DemoInstallation;
  let dir: string;
  let clientFile: string;
  let handBack: string;
  let auditfile: string;
  let passwordFile: string;
  let installed: string;

  const kluis = (args: string[], lang = 'en'): Promise<Run> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...inst.cli.args, '--lang', lang, ...args], {
        env: { ...process.env, ...inst.cli.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  const wizard = (args: string[], lang = 'en') =>
    kluis(['wizard', '--open', '001', '--user', 'devries', '--password-file', passwordFile, ...args, '--yes'], lang);

  const digestOf = async (adm: string) => {
    const record = (await core.listAdministrations(inst.ctx)).find((a) => a.number === adm)!;
    const db = await AdminDb.open(inst.ctx.engine, record.database);
    try {
      const all = await tableDigests(db.client);
      delete all['audit_log']; // signing in is audited
      return all;
    } finally {
      await db.close();
    }
  };

  before(async () => {
    inst = await demoInstallation('embedded', 'guard');
    dir = inst.dir;
    clientFile = join(dir, 'klant.ebu');
    await core.createBackup(inst.ctx, { adm: '002', output: clientFile });
    auditfile = join(dir, 'klant.xaf');
    await core.exportXaf(inst.ctx, { adm: '002', year: new Date().getUTCFullYear(), output: { path: auditfile } });
    const install = (await core.installClient(inst.ctx, {
      source: readBackupFile(clientFile),
      path: clientFile,
      open: '001',
      to: 'Bakkerij bij de accountant',
      allUsers: true,
    })) as core.InstallResult;
    installed = core.formatAdminNumber(install.number);
    handBack = join(dir, 'terug.ebu');
    await core.createBackup(inst.ctx, { adm: installed, output: handBack });
    passwordFile = join(dir, 'wachtwoord.txt');
    writeFileSync(passwordFile, `${core.demoPassword}\n`);
  });

  after(async () => {
    await inst?.dispose();
  });

  test('CLI: client install and auditfile import over the --open administration are refused, in both languages', async () => {
    const before = await digestOf('001');
    const install = await kluis([
      'client',
      'install',
      clientFile,
      '--open',
      '001',
      '--to',
      '1',
      '--replace',
      '001',
      '--all-users',
    ]);
    assert.equal(install.code, 10, install.stderr);
    assert.equal(
      install.stderr,
      'kluis: Administration 001 is the open administration and cannot be overwritten from inside itself: its licence (Accountantskantoor De Vries B.V.) and users would be lost and nobody could sign in to it again.\n' +
        '  hint: Choose another number, or a name for a new administration.\n' +
        '  hint: If 001 itself must be replaced, sign in to (or open with --open) another administration.\n',
    );
    const nl = await kluis(
      [
        'xaf',
        'import',
        auditfile,
        '--open',
        'Accountantskantoor De Vries',
        '--to',
        '001',
        '--replace',
        '001',
        '--all-users',
      ],
      'nl',
    );
    assert.equal(nl.code, 10, nl.stderr);
    assert.match(
      nl.stderr,
      /^kluis: Administratie 001 is de geopende administratie en kan niet vanuit zichzelf overschreven worden: haar licentie \(Accountantskantoor De Vries B\.V\.\) en gebruikers gaan dan verloren en niemand kan er nog bij aanmelden\.\n {2}tip: Kies een ander nummer/,
    );
    const json = await kluis([
      '--json',
      'client',
      'install',
      clientFile,
      '--open',
      '001',
      '--to',
      '1',
      '--dry-run',
      '--all-users',
    ]);
    assert.equal(JSON.parse(json.stderr).error.code, 'ADMIN_IS_OPEN', 'a dry run is refused the same way');
    assert.deepEqual(await digestOf('001'), before, 'nothing changed');
  });

  test('terminal wizard: restore, client install, auditfile import and copy over the administration signed in to are refused', async () => {
    const before = await digestOf('001');
    const cases: Array<[string, string[]]> = [
      [
        'restore',
        ['--action', 'restore', '--file', clientFile, '--target-server', 'local', '--to', '1', '--replace', '001'],
      ],
      [
        'client install',
        [
          '--action',
          'client-install',
          '--file',
          clientFile,
          '--target-server',
          'local',
          '--to',
          '001',
          '--replace',
          '001',
          '--users',
          '*',
        ],
      ],
      [
        'auditfile import',
        [
          '--action',
          'client-install',
          '--file',
          auditfile,
          '--target-server',
          'local',
          '--to',
          '001',
          '--replace',
          '001',
          '--users',
          '*',
        ],
      ],
      ['copy', ['--action', 'copy', '--adm', installed, '--target-server', 'local', '--to', '001', '--replace', '001']],
    ];
    for (const [name, args] of cases) {
      const r = await wizard(args);
      assert.equal(r.code, 10, `${name}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /Administration 001 is the open administration and cannot be overwritten from inside itself/,
        name,
      );
      assert.doesNotMatch(r.stdout, /Restored|Installed|Imported|Copied/, name);
    }
    assert.deepEqual(await digestOf('001'), before, 'nothing changed');
    // Another number is fine, and a name too.
    const other = await wizard([
      '--action',
      'restore',
      '--file',
      clientFile,
      '--target-server',
      'local',
      '--to',
      'Gewoon terugzetten',
    ]);
    assert.equal(other.code, 0, other.stderr);
  });

  test('CLI: a plain restore of a hand-back says that a client install is probably meant, in both languages', async () => {
    const en = await kluis(['backup', 'restore', handBack, '--to', 'Teruglevering per ongeluk']);
    assert.equal(en.code, 0, en.stderr);
    assert.match(
      en.stderr,
      /Note: the licence in this backup belongs to Bakkerij Jansen B\.V\. \(DEMO-\d{4}-\d{6}\), not to this installation\. Did you mean "Install a client's database"\?/,
    );
    const nl = await kluis(['backup', 'restore', handBack, '--to', 'Teruglevering nogmaals', '--dry-run'], 'nl');
    assert.equal(nl.code, 0, nl.stderr);
    assert.match(nl.stderr + nl.stdout, /Bedoelt u "Database van een klant installeren"\?/);
  });

  test('terminal wizard: the summary of a plain restore of a hand-back carries the note', async () => {
    const r = await wizard([
      '--action',
      'restore',
      '--file',
      handBack,
      '--target-server',
      'local',
      '--to',
      'Teruglevering via de wizard',
    ]);
    assert.equal(r.code, 0, r.stderr);
    // The wizard's screens go to standard error, its result to standard output.
    assert.match(
      r.stderr,
      /Note:? +The licence in this backup belongs to Bakkerij Jansen B\.V\. \(DEMO-\d{4}-\d{6}\), not to this installation\. Did you mean "Install a client's database"\? A plain restore keeps the client's licence and users\./,
    );
  });

  test("a client restoring their own backup or hand-back is not told so: their installation's licence is the one in the file", async () => {
    const clientSide: TestContext = testContext(inst.ctx.engine, 'klantkant');
    try {
      const plans = async () => {
        const warnings: string[] = [];
        for (const file of [clientFile, handBack]) {
          const plan = (await core.restoreBackup(clientSide.ctx, {
            source: createReadStream(file),
            path: file,
            to: 'Nog eens',
            dryRun: true,
          })) as core.RestorePlan;
          warnings.push(...plan.warnings.map((w) => `${file}: ${w.code}`));
        }
        return warnings;
      };
      // A fresh installation has nothing to compare with.
      assert.deepEqual(await plans(), []);
      // The client's own books on the client's installation: the licence is theirs.
      await core.restoreBackup(clientSide.ctx, { source: createReadStream(clientFile), path: clientFile, to: '2' });
      assert.deepEqual(await plans(), []);
      // With the client's licence as the installation's own licence.
      const clientLicence = (await core.inspectBackup(createReadStream(clientFile), clientFile)).manifest.licence;
      assert.equal(clientLicence.holder, 'Bakkerij Jansen B.V.');
      core.installDefaultLicence(
        clientSide.ctx,
        core.readLicenceFile(join(inst.home, 'demo', 'licentie-klant.json'), clientSide.ctx).document,
      );
      assert.deepEqual(await plans(), []);
    } finally {
      await clientSide.cleanup();
    }
  });
});
