/**
 * The terminal wizard's screens in Dutch and in English: every action run
 * from flags by a real `kluis wizard` process (its titles, tables, summary,
 * progress and result are printed as they would be asked), judged like the
 * web's screens (test/web/every-screen.test.ts): none of the other
 * language's texts, no internal name, no raw error text. Commands and flags
 * are at home in a terminal, so they are not judged here.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import type { Lang } from '../../src/errors/index.js';
import { findings, foreignPieces, internalNames, rawErrors, storedEnglishWords } from '../helpers/catalogue.js';
import { type DemoInstallation, demoInstallation } from '../helpers/engines.js';
import { asSide, entrySql } from '../helpers/hand-out-fixture.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;

function wizard(inst: DemoInstallation, lang: Lang, args: string[]): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...inst.cli.args, '--lang', lang, 'wizard', ...args], {
      env: { ...process.env, ...inst.cli.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('exit', (code) => resolve({ code, text }));
  });
}

describe("the terminal wizard's screens in both languages", () => {
  let inst: DemoInstallation;
  let clientFile: string;
  let passwordFile: string;

  before(async () => {
    inst = await demoInstallation('embedded', 'wizwords');
    clientFile = join(inst.dir, 'bakkerij-klant.ebu');
    await core.createBackup(inst.ctx, { adm: '002', output: clientFile });
    passwordFile = join(inst.dir, 'pw.txt');
    writeFileSync(passwordFile, core.demoPassword);
  });

  after(() => inst?.dispose());

  for (const lang of ['nl', 'en'] as const) {
    test(`${lang}: backup, restore, client install and copy, from sign-in to the result`, async () => {
      const signIn = ['--open', '001', '--user', 'devries', '--password-file', passwordFile, '--yes'];
      const runs: Array<[string, string[]]> = [
        ['backup', ['--action', 'backup', '--adm', '001', '--output', inst.dir, '--encrypt', 'no']],
        [
          'restore',
          ['--action', 'restore', '--file', clientFile, '--target-server', 'local', '--to', `Terminal ${lang}`],
        ],
        [
          'client-install',
          [
            '--action',
            'client-install',
            '--file',
            clientFile,
            '--target-server',
            'local',
            '--to',
            `Klantterminal ${lang}`,
            '--users',
            'anna',
          ],
        ],
        ['copy', ['--action', 'copy', '--adm', '001', '--target-server', 'local', '--to', `Kopieterminal ${lang}`]],
      ];
      const foreign = foreignPieces(lang);
      const checks = [internalNames, ...(lang === 'nl' ? [storedEnglishWords] : []), rawErrors];
      const problems: string[] = [];
      for (const [action, args] of runs) {
        const { code, text } = await wizard(inst, lang, [...signIn, ...args]);
        assert.equal(code, 0, `${action}: ${text}`);
        // The screens were printed: the summary's heading in the run's language.
        assert.match(text, lang === 'nl' ? /Samenvatting/ : /Summary/, `${action}: ${text}`);
        // What was typed as an answer is the person's own (a path, a name); the rest is kluis speaking.
        const allowed = [inst.dir, clientFile, `Terminal ${lang}`, `Klantterminal ${lang}`, `Kopieterminal ${lang}`];
        for (const f of findings(text, foreign, checks, allowed)) problems.push(`${action}: ${f.kind}: ${f.text}`);
      }
      assert.deepEqual(problems, [], `${problems.length} problems in the ${lang} terminal wizard`);
    });
  }

  for (const lang of ['nl', 'en'] as const) {
    test(`${lang}: the hand-out, the accountant's changes sent back, their review and apply, and a withdrawal`, async () => {
      const { ctx } = inst;
      const folder = mkdtempSync(join(inst.dir, `wijzigingen-${lang}-`));
      const client = ['--open', '002', '--user', 'jansen', '--password-file', passwordFile, '--yes'];
      const accountant = ['--open', '001', '--user', 'devries', '--password-file', passwordFile, '--yes'];
      const problems: string[] = [];
      const judge = async (what: string, args: string[], allowed: string[]) => {
        const { code, text } = await wizard(inst, lang, args);
        assert.equal(code, 0, `${what}: ${text}`);
        assert.match(text, lang === 'nl' ? /Samenvatting/ : /Summary/, `${what}: ${text}`);
        const foreign = foreignPieces(lang);
        const checks = [internalNames, ...(lang === 'nl' ? [storedEnglishWords] : []), rawErrors];
        for (const f of findings(text, foreign, checks, [...allowed, inst.dir]))
          problems.push(`${what}: ${f.kind}: ${f.text}`);
        return text;
      };
      const handOutArgs = ['--action', 'hand-out', '--adm', '002', '--until', '30-06-2026', '--encrypt', 'no'];
      await judge('hand-out', [...client, ...handOutArgs, '--output', `${folder}/`], [folder]);
      const [handedOut] = readdirSync(folder);
      const installed = `Klant ${lang}`;
      const r = await core.installClient(ctx, {
        source: createReadStream(join(folder, handedOut!)),
        path: join(folder, handedOut!),
        open: '001',
        to: installed,
        users: ['anna'],
      });
      const adm = core.formatAdminNumber((r as core.InstallResult).number);
      await asSide(ctx, adm, 'anna', [
        ...entrySql('MEM', `T-${lang}`, '2026-05-15', 'Correctie', '10.00', '8100', '1300', 'anna'),
        `update relations set city = 'Venlo' where code = '000001'`,
      ]);
      const packages = join(folder, 'pakket');
      mkdirSync(packages);
      await judge(
        'hand-back',
        [
          ...accountant,
          '--action',
          'backup',
          '--adm',
          adm,
          '--hand-back',
          'changes',
          '--output',
          `${packages}/`,
          '--encrypt',
          'no',
        ],
        [packages, installed],
      );
      const [made] = readdirSync(packages);
      const text = await judge(
        'apply',
        [...client, '--action', 'client-apply', '--changes-file', join(packages, made!), '--changes-to', '002'],
        [join(packages, made!), packages, installed],
      );
      assert.match(text, lang === 'nl' ? /Boekjaar 2026, periode 5/ : /Fiscal year 2026, period 5/);
      await judge('hand-out again', [...client, ...handOutArgs, '--output', `${folder}/`], [folder]);
      await judge('withdrawal', [...client, '--action', 'hand-out', '--adm', '002', '--confirm', '002'], []);
      assert.equal((await core.handOutStatus(ctx, '002'))?.status, 'cancelled');
      assert.deepEqual(problems, [], `${problems.length} problems in the ${lang} terminal wizard`);
    });
  }
});
