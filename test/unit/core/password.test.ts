/** Password hashes: scrypt with stored parameters. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, verifyPassword } from '../../../src/core/testing.js';
import { rejectsWithCode } from '../../helpers/assertions.js';

test('a hash verifies its own password only, and two hashes of one password differ', async () => {
  const a = await hashPassword('correct horse');
  const b = await hashPassword('correct horse');
  assert.match(a, /^scrypt\$16384\$8\$1\$/);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword('correct horse', a), true);
  assert.equal(await verifyPassword('correct hors', a), false);
  assert.equal(await verifyPassword('correct horse', 'locked'), false);
});

test('short passwords are refused', async () => {
  await rejectsWithCode(hashPassword('short'), 'PASSWORD_TOO_SHORT');
});
