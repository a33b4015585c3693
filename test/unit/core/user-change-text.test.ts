/** The sentence a user change ends in names what the user now is, in the reader's words. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as core from '../../../src/core/index.js';

test('a role change names the new role in words, in both languages', () => {
  const said = core.userChangeSentence({
    adm: '002',
    user: 'petra',
    change: 'role',
    changed: true,
    role: 'administrator',
  });
  assert.equal(said.nl, 'Gebruiker petra is nu beheerder in administratie 002.');
  assert.equal(said.en, 'User petra is now administrator in administration 002.');
});
