/**
 * kluis client install of a client's hand-out says what it is (issue 22):
 * the accountant's changes are tracked, entries after the dividing date are
 * refused, and only the changes go back with kluis client changes. Found by
 * trying it from outside: the install said only "Installed as administration
 * 003", and the accountant learnt of the dividing date from the refusal of
 * the first booking after it. A backup that is no hand-out says nothing of it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { runKluis } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, selectedEngines } from '../helpers/engines.js';
import { makeClientAndOffice } from '../helpers/hand-out-fixture.js';

for (const kind of selectedEngines()) {
  describe(`client install of a hand-out says so (${kind})`, () => {
    let client: CliInstallation;
    let office: CliInstallation;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-install-hand-out-'));
    const handOutFile = join(scratch, 'uitlevering.ebu');
    const plainFile = join(scratch, 'gewoon.ebu');
    const asOffice = (...args: string[]) => runKluis([...office.cli.args, ...args], office.cli.env);

    before(async () => {
      client = await cliInstallation(kind, 'ihoc');
      office = await cliInstallation(kind, 'ihoa');
      await makeClientAndOffice(client.ctx, office.ctx, { number: 3, seed: 'install-says', entries: 20 });
      await core.createBackup(client.ctx, { adm: '3', output: plainFile });
      await core.handOut(client.ctx, { adm: '3', until: '2026-06-30', output: handOutFile, madeBy: 'jansen' });
    });
    after(async () => {
      await client?.dispose();
      await office?.dispose();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('the hand-out: the dividing date, what is tracked and refused, and the command that sends the changes back', async () => {
      const dry = await asOffice(
        '--lang',
        'nl',
        'client',
        'install',
        handOutFile,
        '--open',
        '1',
        '--to',
        '3',
        '--users',
        'anna',
        '--dry-run',
      );
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(
        dry.stdout,
        /De klant leverde de administratie uit tot en met 30 juni 2026: wijzigingen worden dan bijgehouden en boekingen na die datum geweigerd \(die doet de klant\)\. Stuur alleen uw wijzigingen terug met "kluis client changes 003"\./,
      );
      const r = await asOffice('client', 'install', handOutFile, '--open', '1', '--to', '3', '--users', 'anna');
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /Installed as administration 003 "Bakkerij Jansen" \(.*\)\.\nThe client handed the administration out up to and including 30 June 2026: your changes are tracked and entries after that date refused \(those are the client's\)\. Send back only your changes with "kluis client changes 003"\./,
      );
    });

    test('a backup that is no hand-out says nothing of one', async () => {
      const r = await asOffice('client', 'install', plainFile, '--open', '1', '--to', '4', '--users', 'anna');
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /handed the administration out|client changes/);
    });
  });
}
