/**
 * Issue 18 ("Trust at the edges"), through the real kluis process:
 * - defect 12: one server that cannot be read (its service file is gone)
 *   does not take "backup history" down; it is skipped with a note and the
 *   other servers' history is still shown;
 * - defect 14: --server-folder on "My computer" is refused, not ignored;
 * - a damaged licence or settings file is said in a sentence, not in
 *   JSON.parse's words.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readConfig } from '../../src/core/config/config-store.js';
import { readSecret } from '../../src/core/config/secret-store.js';
import { SystemDb } from '../../src/core/system-db/system-db.js';
import type { ServerEngine } from '../../src/engines/index.js';
import { runKluis } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, dropDatabasesWithPrefix, selectedEngines } from '../helpers/engines.js';

describe('backup history skips a server it cannot read (issue 18, defect 12)', {
  skip: !selectedEngines().includes('server'),
}, () => {
  let inst: CliInstallation;
  const scratch = mkdtempSync(join(tmpdir(), 'kluis-hist-'));

  before(async () => {
    inst = await cliInstallation('server', 'hist');
    const sys = await SystemDb.open(inst.ctx.engine, inst.ctx.systemDatabase);
    try {
      await sys.client.query(
        `insert into backup_history (admin_number, admin_name, identity, location, size_bytes, transactions, documents, created_by, host)
         values (7, 'Bakkerij Historie', gen_random_uuid(), '/tmp/b.ebu', 1234, 5, 6, 'tester', 'here')`,
      );
    } finally {
      await sys.close();
    }
    // A server defined through a service file that is later gone: opening it fails before any connection.
    const serviceFile = join(scratch, 'pg_service.conf');
    const settings = (inst.ctx.engine as ServerEngine).settings;
    writeFileSync(
      serviceFile,
      `[kantoor]\nhost=${settings.host}\nport=${settings.port}\nuser=${settings.user}\nsslmode=${settings.sslmode}\n`,
    );
    const added = await runKluis(['--home', inst.home, 'server', 'add', 'kapot', 'service=kantoor'], {
      PGSERVICEFILE: serviceFile,
    });
    assert.equal(added.code, 0, added.stderr);
    rmSync(serviceFile);
  });
  after(async () => {
    await dropDatabasesWithPrefix(inst.ctx.engine, inst.ctx.systemDatabase);
    rmSync(scratch, { recursive: true, force: true });
    rmSync(inst.home, { recursive: true, force: true });
  });

  test("the readable server's history is shown and the broken one is named", async () => {
    const env = { ...inst.cli.env, PGSERVICEFILE: join(scratch, 'pg_service.conf') };
    const text = await runKluis([...inst.cli.args, 'backup', 'history'], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Bakkerij Historie/);
    assert.match(text.stderr, /Server "kapot" was skipped: Service "kantoor" is not defined/);
    const json = await runKluis([...inst.cli.args, 'backup', 'history', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const data = JSON.parse(json.stdout) as {
      entries: Array<{ administration: string }>;
      skipped: Array<{ server: string; reason: string }>;
    };
    assert.deepEqual(
      data.entries.map((e) => e.administration),
      ['Bakkerij Historie'],
    );
    assert.deepEqual(
      data.skipped.map((s) => [s.server, s.reason]),
      [['kapot', 'SERVICE_NOT_FOUND']],
    );
  });
});

describe('--server-folder on "My computer" is refused (issue 18, defect 14)', () => {
  const home = mkdtempSync(join(tmpdir(), 'kluis-sf-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  test('restore, client install and xaf import say it applies to a server', async () => {
    const dir = join(home, 'data');
    mkdirSync(dir);
    const file = join(home, 'x.ebu');
    writeFileSync(file, 'not read: the options are checked first');
    const placement = ['--database-dir', dir, '--server-folder', dir];
    const commands = [
      ['backup', 'restore', file, '--to', 'Nieuw'],
      ['client', 'install', file, '--open', '1', '--to', 'Nieuw', '--users', 'anna'],
      ['xaf', 'import', file, '--open', '1', '--to', 'Nieuw', '--users', 'anna'],
    ];
    for (const args of commands) {
      const r = await runKluis(['--home', home, ...args, ...placement, '--json']);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      const { error } = JSON.parse(r.stderr) as { error: { code: string; message: string } };
      assert.equal(error.code, 'USAGE_BAD_ARGUMENTS');
      assert.match(
        error.message,
        new RegExp(`"${args.slice(0, 2).join(' ')}".*--server-folder applies to a server only`),
      );
    }
  });
});

describe("a damaged licence or settings file is said in words, not JSON.parse's", () => {
  const home = mkdtempSync(join(tmpdir(), 'kluis-json-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  test('LICENCE_INVALID_DOCUMENT and CONFIG_DAMAGED, in both languages', async () => {
    const licence = join(home, 'licentie.json');
    writeFileSync(licence, '{"format": "kluis-licence-1", "licence": {');
    const runs = [
      { code: 'LICENCE_INVALID_DOCUMENT', args: ['licence', 'show', licence], setup: () => undefined },
      {
        code: 'CONFIG_DAMAGED',
        args: ['server', 'list'],
        setup: () => writeFileSync(join(home, 'config.json'), '{"version": 1, "servers": {'),
      },
      {
        code: 'CONFIG_DAMAGED',
        args: ['server', 'list'],
        setup: () => writeFileSync(join(home, 'config.json'), '{"version": 1, "servers": {"kantoor": 5}}'),
      },
    ];
    for (const { code, args, setup } of runs) {
      setup();
      for (const lang of ['en', 'nl']) {
        const r = await runKluis(['--home', home, ...args, '--lang', lang, '--json']);
        const { error } = JSON.parse(r.stderr) as { error: { code: string; message: string } };
        assert.equal(error.code, code);
        assert.doesNotMatch(
          error.message,
          /Unexpected|position|token|JSON\.parse|end of (JSON )?input|line \d+ column/i,
          error.message,
        );
        assert.match(error.message, /\.$/, error.message);
        if (lang === 'nl') assert.doesNotMatch(error.message, /\b(not|its|content|missing)\b/, error.message);
      }
    }
  });
});

describe('settings changed by several kluis processes at once lose nothing', () => {
  const home = mkdtempSync(join(tmpdir(), 'kluis-settings-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  test('eight server adds at once: every server is kept, with a password that still decrypts; the same name twice is refused once', async () => {
    const adds = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        runKluis([
          '--home',
          home,
          'server',
          'add',
          `kantoor${i}`,
          `host=127.0.0.1 port=1 user=x password=geheim-${i}`,
          '--no-check',
        ]),
      ),
    );
    assert.deepEqual(
      adds.map((r) => r.code),
      adds.map(() => 0),
      adds.map((r) => r.stderr).join('\n'),
    );
    const config = readConfig(home);
    assert.deepEqual(Object.keys(config.servers).sort(), Array.from({ length: 8 }, (_, i) => `kantoor${i}`).sort());
    for (const [name, entry] of Object.entries(config.servers))
      assert.equal(readSecret(home, entry.passwordRef!), `geheim-${name.slice('kantoor'.length)}`);
    const twice = await Promise.all(
      [0, 1].map(() =>
        runKluis([
          '--home',
          home,
          'server',
          'add',
          'dubbel',
          'host=127.0.0.1 port=1 user=x password=p',
          '--no-check',
          '--json',
        ]),
      ),
    );
    assert.deepEqual(
      twice.map((r) => r.code).sort((a, b) => (a ?? 0) - (b ?? 0)),
      [0, 10],
      twice.map((r) => r.stderr).join('\n'),
    );
    assert.match(twice.find((r) => r.code !== 0)!.stderr, /SERVER_EXISTS/);
    assert.equal(
      Object.keys(JSON.parse(readFileSync(join(home, 'secrets', 'passwords.json'), 'utf8')) as object).length,
      9,
      'the refused add left no password behind',
    );
  });
});
