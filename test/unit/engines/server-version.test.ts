/** server_version as a session reports it, read as server_version_num would give it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseServerVersion } from '../../../src/engines/pg-engine.js';

test('server_version texts of PostgreSQL 9.6 to 18, with a distribution suffix and a beta', () => {
  assert.deepEqual(parseServerVersion('15.20 (Debian 15.20-0+deb12u1)'), { num: 150020, major: 15, text: '15.20' });
  assert.deepEqual(parseServerVersion('18.1'), { num: 180001, major: 18, text: '18.1' });
  assert.deepEqual(parseServerVersion('18beta1'), { num: 180000, major: 18, text: '18beta1' });
  assert.deepEqual(parseServerVersion('9.6.24'), { num: 90624, major: 9, text: '9.6.24' });
  assert.equal(parseServerVersion('unknown'), undefined);
});
