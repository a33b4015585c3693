/**
 * An empty output (`-o ""`: a script's `-o "$DEST"` with DEST unset) is
 * refused, not taken as the current folder: backup create, client hand-out
 * (no hand-out recorded either) and client changes. Found by trying them
 * from outside: each wrote its file where kluis happened to run, as backup
 * all --to "" did before REPOSITORY_LOCATION_EMPTY.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { runKluis } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, selectedEngines } from '../helpers/engines.js';
import { clientLicence, user } from '../helpers/hand-out-fixture.js';

for (const kind of selectedEngines()) {
  describe(`an empty -o (${kind})`, () => {
    let inst: CliInstallation;
    let cwd: string;

    before(async () => {
      inst = await cliInstallation(kind, 'eout');
      cwd = mkdtempSync(join(tmpdir(), 'kluis-empty-output-'));
      await core.generateAdministration(inst.ctx, {
        name: 'Bakkerij Jansen',
        number: 1,
        size: core.generatorSizes.xs,
        seed: 'empty-output',
        licence: clientLicence,
        users: [user('jansen', 'administrator')],
      });
    });
    after(async () => {
      await inst?.dispose();
      rmSync(cwd, { recursive: true, force: true });
    });

    for (const args of [
      ['backup', 'create', '1', '-o', ''],
      ['client', 'hand-out', '1', '--until', '2026-06-30', '-o', ''],
      ['client', 'changes', '1', '-o', ' '],
    ])
      test(`kluis ${args.join(' ')}: refused, nothing written in the current folder`, async () => {
        const r = await runKluis([...inst.cli.args, ...args], inst.cli.env, { cwd });
        assert.equal(r.code, 2, r.stderr);
        assert.match(
          r.stderr,
          /No file or folder was given to write to: the value is empty\.\n {2}hint: Give a folder or a file name, or - for standard output; leave -o out for the standard place\./,
        );
        assert.deepEqual(readdirSync(cwd), []);
        assert.equal(await core.handOutStatus(inst.ctx, '1'), undefined, 'no hand-out recorded');
      });
  });
}
