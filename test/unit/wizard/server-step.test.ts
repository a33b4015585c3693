/**
 * The server step as the source has it, without a server: "Mijn computer"
 * says which server runs there, "Server" takes a name (a server kluis knows,
 * or a host at which one is known), and servers are named in words, never by
 * a connection string's keywords or a folder kluis made. Also the summary's
 * Back-up row (the file, then its folder).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as core from '../../../src/core/index.js';
import { isToolError } from '../../../src/errors/index.js';
import { fileShown } from '../../../src/wizard/actions/rows.js';
import type { WizardEnv } from '../../../src/wizard/model.js';
import { loginOf } from '../../../src/wizard/server-login.js';
import { serverField } from '../../../src/wizard/steps.js';

/** What a person must never read where a server is named. */
const internal = /host=|port=|home=|service=|dbname=|sslmode=|local-socket|\blocalhost\b|\/tmp\/|\.s\.PGSQL/;

function assertPlain(label: core.BrowsedServer['description'], where: string): void {
  for (const lang of ['nl', 'en'] as const) assert.doesNotMatch(label[lang], internal, `${where} (${lang})`);
}

describe('the server step', () => {
  const home = mkdtempSync(join(tmpdir(), 'kluis-server-step-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  test('"Mijn computer" names the PostgreSQL that runs there, with its version', () => {
    const mine = core.myComputerServer();
    assert.match(mine.nl, /^PostgreSQL \d+ op deze computer \(ingebouwd\)$/);
    assert.match(mine.en, /^PostgreSQL \d+ on this computer \(built in\)$/);
    const env = { open: { server: core.localServerName } } as unknown as WizardEnv;
    const field = serverField(env);
    assert.equal(field.kind, 'server');
    assert.equal(field.suggestion, core.localServerName);
    const [first, second] = field.choices ?? [];
    assert.deepEqual(first?.label, { nl: 'Mijn computer', en: 'My computer' });
    assert.deepEqual(first?.hint, mine);
    assert.equal(first?.value, core.localServerName);
    assert.deepEqual(second?.label, { nl: 'Server', en: 'Server' });
    assert.equal(second?.value, '');
  });

  test('servers found and known are named in words: a socket, a host and port, a service, My computer', () => {
    const socket = core.describeDiscovered({ source: 'socket', conninfo: 'host=/var/run/postgresql port=5432' });
    assert.deepEqual(socket, {
      nl: 'PostgreSQL op deze computer (socket)',
      en: 'PostgreSQL on this computer (socket)',
    });
    const tcp = core.describeDiscovered({ source: 'tcp', conninfo: 'host=127.0.0.1 port=5432' });
    assert.deepEqual(tcp, { nl: 'PostgreSQL op 127.0.0.1, poort 5432', en: 'PostgreSQL on 127.0.0.1, port 5432' });
    const service = core.describeDiscovered({ source: 'service', conninfo: 'service=boekhouding' });
    assert.equal(service.nl, 'PostgreSQL-dienst "boekhouding" (pg_service.conf)');
    const embedded = core.describeDiscovered({ source: 'embedded', conninfo: `home=${home}` });
    assert.deepEqual(embedded, core.myComputerServer());
    const named = core.describeServer({
      kind: 'server',
      conninfo: 'host=db.kantoor.nl port=6432 user=kluis sslmode=require',
    });
    assert.deepEqual(named, {
      nl: 'PostgreSQL op db.kantoor.nl, poort 6432',
      en: 'PostgreSQL on db.kantoor.nl, port 6432',
    });
    for (const [where, label] of Object.entries({ socket, tcp, service, embedded, named })) assertPlain(label, where);
  });

  test('a typed name: a known server is itself, a host of a known server is that server, anything else is refused', async () => {
    core.addServer(home, 'kantoor', 'host=db.kantoor.nl port=5433 user=kluis');
    assert.equal(await core.resolveServerName(home, 'kantoor'), 'kantoor');
    assert.equal(await core.resolveServerName(home, ' local '), core.localServerName);
    assert.equal(await core.resolveServerName(home, 'db.kantoor.nl:5433'), 'kantoor');
    await assert.rejects(core.resolveServerName(home, ''), (e) => isToolError(e, 'SERVER_NAME_MISSING'));
    await assert.rejects(core.resolveServerName(home, 'host=db port=5432'), (e) =>
      isToolError(e, 'SERVER_NAME_UNKNOWN'),
    );
    await assert.rejects(core.resolveServerName(home, 'db.kantoor.nl:99999'), (e) =>
      isToolError(e, 'SERVER_NAME_UNKNOWN'),
    );
  });

  test('Use on a server Browse found registers it under a free name once; a known one is taken as it is', () => {
    const found: core.BrowsedServer = {
      name: 'kantoor',
      known: false,
      description: core.describeSettings({ host: '10.1.2.3', port: 5432 }),
      reachable: 'yes',
      conninfo: 'host=10.1.2.3 port=5432',
    };
    const name = core.takeBrowsed(home, found);
    assert.equal(name, 'kantoor-2', 'the name "kantoor" was taken already');
    assert.equal(core.takeBrowsed(home, found), name, 'the same server is not added twice');
    assert.equal(core.takeBrowsed(home, { ...found, name: 'kantoor', known: true }), 'kantoor');
    assert.equal(core.freeServerName(home, 'db.kantoor.nl'), 'db-kantoor-nl');
  });

  test('Advanced starts from the login settings of the chosen server; My computer has none', () => {
    assert.deepEqual(loginOf(home, 'kantoor'), {
      name: 'kantoor',
      host: 'db.kantoor.nl',
      port: '5433',
      user: 'kluis',
      database: '',
      sslmode: '',
    });
    assert.equal(loginOf(home, core.localServerName), undefined);
    assert.equal(loginOf(home, 'onbekend'), undefined);
  });
});

test('the summary names a backup by its file, then the folder it is in', () => {
  assert.deepEqual(fileShown('/media/usb/20261124-Bakkerij.ebu'), {
    nl: '20261124-Bakkerij.ebu in de map /media/usb',
    en: '20261124-Bakkerij.ebu in the folder /media/usb',
  });
});

test('a file named from the current folder is in that folder, not in "."', () => {
  assert.deepEqual(fileShown('klant.ebu'), {
    nl: `klant.ebu in de map ${process.cwd()}`,
    en: `klant.ebu in the folder ${process.cwd()}`,
  });
});
