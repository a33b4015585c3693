/**
 * The command-line parser on its own: command words found among global
 * flags, strict options, and the usage errors a user sees (both languages),
 * without starting kluis.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CommandSpec, GlobalOptions } from '../../../src/cli/command.js';
import { command, l } from '../../../src/cli/command.js';
import { createOutput } from '../../../src/cli/output.js';
import { parseCommandLine } from '../../../src/cli/parse.js';
import { message, rejectsWithCode } from '../../helpers/assertions.js';

const run = async () => 0;
const backupCreate: CommandSpec = {
  words: ['backup', 'create'],
  summary: l('maak', 'make'),
  args: [{ name: 'administration', required: true, help: l('administratie', 'administration') }],
  options: {
    output: { type: 'string', short: 'o', value: 'PATH', help: l('uitvoer', 'output') },
    encrypt: { type: 'boolean', help: l('versleutel', 'encrypt') },
    table: { type: 'string', multiple: true, help: l('tabel', 'table') },
  },
  run,
};
const backup: CommandSpec = { words: ['backup'], summary: l('backup', 'backup'), run };
const commands = [backup, backupCreate];

const parse = (...argv: string[]) => parseCommandLine(argv, commands);

describe('command-line parser', () => {
  test('the longest declared command wins; its argument and options are taken', () => {
    const p = parse('backup', 'create', 'demo', '-o', 'out.ebu', '--encrypt', '--table', 'a', '--table', 'b');
    assert.equal(p.command, backupCreate);
    assert.deepEqual(p.args, { administration: 'demo' });
    assert.equal(p.options['output'], 'out.ebu');
    assert.equal(p.options['encrypt'], true);
    assert.deepEqual(p.options['table'], ['a', 'b']);
  });

  test('global flags may come before, between and after the command words', () => {
    const p = parse('--home', '/tmp/h', 'backup', '--lang', 'en', 'create', 'demo', '--json');
    assert.equal(p.command, backupCreate);
    assert.equal(p.options['home'], '/tmp/h');
    assert.equal(p.options['lang'], 'en');
    assert.equal(p.options['json'], true);
    assert.deepEqual(p.args, { administration: 'demo' });
  });

  test('a value that looks like a command word after a global flag is its value, not a word', () => {
    const p = parse('--server', 'backup', 'backup', 'create', 'x');
    assert.equal(p.command, backupCreate);
    assert.equal(p.options['server'], 'backup');
  });

  test('words that match no command are returned for "unknown command"', () => {
    const p = parse('frobnicate', 'now');
    assert.equal(p.command, undefined);
    assert.deepEqual(p.unknownWords, ['frobnicate', 'now']);
  });

  test('a missing argument is left undefined for the command to name', () => {
    assert.deepEqual(parse('backup', 'create').args, { administration: undefined });
  });

  test('an unknown option is refused, named as typed', async () => {
    const err = await rejectsWithCode(() => parse('backup', 'create', 'x', '--nope'), 'USAGE_BAD_ARGUMENTS');
    assert.match(message(err, 'en'), /"backup create".*unknown option "--nope"/);
    assert.match(message(err, 'nl'), /onbekende optie "--nope"/);
  });

  test('an option without its value is named by its long name, also when typed short', async () => {
    const atEnd = await rejectsWithCode(() => parse('backup', 'create', 'x', '-o'), 'USAGE_BAD_ARGUMENTS');
    assert.match(message(atEnd, 'en'), /option "--output" needs a value/);
    const beforeAnother = await rejectsWithCode(
      () => parse('backup', 'create', 'x', '-o', '--lang', 'nl'),
      'USAGE_BAD_ARGUMENTS',
    );
    assert.match(message(beforeAnother, 'en'), /option "--output" needs a value \(.*--output=-…\)/);
  });

  test('a value given to a flag is refused', async () => {
    const err = await rejectsWithCode(() => parse('backup', 'create', 'x', '--encrypt=yes'), 'USAGE_BAD_ARGUMENTS');
    assert.match(message(err, 'en'), /option "--encrypt" takes no value/);
  });

  test('a value that starts with "-" is written with "="', () => {
    assert.equal(parse('backup', 'create', 'x', '--output=-').options['output'], '-');
  });

  test('an extra word is refused, but not next to --help', async () => {
    const err = await rejectsWithCode(() => parse('backup', 'create', 'x', 'y'), 'USAGE_BAD_ARGUMENTS');
    assert.match(message(err, 'en'), /unexpected "y"/);
    assert.equal(parse('backup', 'create', 'x', 'y', '--help').options['help'], true);
  });

  test('after "--" nothing is an option', () => {
    assert.deepEqual(parse('backup', 'create', '--', '--odd-name').args, { administration: '--odd-name' });
  });
});

describe('typed commands (command())', () => {
  const global: GlobalOptions = { home: undefined, server: undefined, json: true, lang: 'en', debug: false };
  const out = createOutput('en', true);
  let seen: unknown;
  const typed = command({
    words: ['typed'],
    summary: l('getypt', 'typed'),
    args: [
      { name: 'administration', required: true, help: l('administratie', 'administration') },
      { name: 'extra', required: false, help: l('extra', 'extra') },
    ],
    options: {
      output: { type: 'string', short: 'o', value: 'PATH', help: l('uitvoer', 'output') },
      encrypt: { type: 'boolean', help: l('versleutel', 'encrypt') },
      table: { type: 'string', multiple: true, help: l('tabel', 'table') },
    },
    async run({ args, options }) {
      // The types follow the declarations: each line below fails to compile if they stop doing so.
      const administration: string = args.administration;
      // @ts-expect-error an optional argument may be missing
      const extra: string = args.extra;
      // @ts-expect-error a string option may be missing
      const output: string = options.output;
      const encrypt: boolean = options.encrypt;
      const table: string[] = options.table;
      // @ts-expect-error an undeclared option is no property
      void options.undeclared;
      seen = { administration, extra, output, encrypt, table };
      return 0;
    },
  });
  const runTyped = (...argv: string[]) => {
    const p = parseCommandLine(argv, [typed]);
    return typed.run({ args: p.args, options: p.options, global, out });
  };

  test('options and arguments reach run with their declared types', async () => {
    await runTyped('typed', 'demo', 'more', '-o', 'out.ebu', '--encrypt', '--table', 'a', '--table', 'b');
    assert.deepEqual(seen, {
      administration: 'demo',
      extra: 'more',
      output: 'out.ebu',
      encrypt: true,
      table: ['a', 'b'],
    });
  });

  test('an option not given is undefined, a flag false, a repeated option an empty list', async () => {
    await runTyped('typed', 'demo');
    assert.deepEqual(seen, {
      administration: 'demo',
      extra: undefined,
      output: undefined,
      encrypt: false,
      table: [],
    });
  });

  test('a missing required argument is refused before run, named as the help names it', async () => {
    seen = undefined;
    const err = await rejectsWithCode(() => runTyped('typed'), 'USAGE_MISSING_ARGUMENT');
    assert.match(message(err, 'en'), /<administration>/);
    assert.equal(seen, undefined);
  });
});
