/**
 * The pure parts of early indexes: which post statements may be built while
 * other tables still load (those on exactly one table), and the post phases
 * left once some were built.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { singleTableOf, withoutDone } from '../../../src/core/staging/early-indexes.js';

test('primary keys and indexes name their one table; foreign keys, triggers and others qualify for none', () => {
  assert.equal(singleTableOf('alter table journal_line add primary key (id)'), 'journal_line');
  assert.equal(singleTableOf('  ALTER TABLE Journal_Line ADD PRIMARY KEY (id)'), 'journal_line');
  assert.equal(singleTableOf('create index jl_account on journal_line (account_id)'), 'journal_line');
  assert.equal(singleTableOf('create unique index acc_code on account (code)'), 'account');
  assert.equal(singleTableOf('create index jl_expr on journal_line using gin (memo)'), undefined);
  assert.equal(
    singleTableOf('alter table journal_line add constraint fk foreign key (account_id) references account (id)'),
    undefined,
  );
  assert.equal(singleTableOf('create trigger t after insert on account for each row execute function f()'), undefined);
  assert.equal(singleTableOf('analyze account'), undefined);
});

test('withoutDone drops what was built and keeps the phases and their order', () => {
  const phases = [
    ['alter table a add primary key (id)', 'create index b_x on b (x)', 'create index a_y on a (y)'],
    ['alter table b add constraint fk foreign key (a) references a (id)'],
  ];
  const done = new Set(['create index b_x on b (x)']);
  assert.deepEqual(withoutDone(phases, done), [
    ['alter table a add primary key (id)', 'create index a_y on a (y)'],
    ['alter table b add constraint fk foreign key (a) references a (id)'],
  ]);
  assert.deepEqual(withoutDone(phases, new Set()), phases);
  assert.deepEqual(withoutDone([], done), []);
});
