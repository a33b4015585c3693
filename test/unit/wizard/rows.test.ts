/**
 * The words of the summaries that are not the catalog's labels: roles and
 * the embedded server are shown as a person reads them, in the language of
 * the screen.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as core from '../../../src/core/index.js';
import { serverShown, usersWithRolesText } from '../../../src/wizard/actions/rows.js';

test('every role has a Dutch and an English name, and the summaries use them', () => {
  for (const role of core.userRoles) {
    const label = core.roleLabel(role);
    assert.ok(label.nl && label.en, role);
  }
  assert.equal(core.roleLabel('administrator').nl, 'beheerder');
  assert.equal(core.roleLabel('bookkeeper').nl, 'boekhouder');
  // A role of a newer kluis is shown as it is stored rather than not at all.
  assert.deepEqual(core.roleLabel('auditor'), { nl: 'auditor', en: 'auditor' });
  const users = [
    { userName: 'anna', role: 'accountant' },
    { userName: 'devries', role: 'administrator' },
    { userName: 'carla', role: 'bookkeeper' },
  ];
  assert.deepEqual(usersWithRolesText(users), {
    nl: 'anna (accountant), devries (beheerder), carla (boekhouder)',
    en: 'anna (accountant), devries (administrator), carla (bookkeeper)',
  });
  assert.deepEqual(usersWithRolesText([]), { nl: '-', en: '-' });
});

test('the embedded server is "Mijn computer" in a summary, as on the server step; another server keeps its name', () => {
  assert.deepEqual(serverShown(core.localServerName), { nl: 'Mijn computer', en: 'My computer' });
  assert.equal(serverShown('kantoor'), 'kantoor');
});
