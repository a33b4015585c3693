/**
 * Help in the reader's language down to the placeholders: Dutch help says
 * `<bestand>`, `NAAM|NUMMER`, `MAP`, `[opties]`, never the English words.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandHelp, groupHelp, mainHelp } from '../../../src/cli/help.js';
import { commands } from '../../../src/cli/main.js';
import * as core from '../../../src/core/index.js';
import { renderError, type ToolError } from '../../../src/errors/index.js';

const englishPlaceholders =
  /<(file|name|conninfo|command)>|\[(options|file|name)\]|\b(FILE|DIR|NAME|NUMBER|USER|TEXT|ACTION|ADDR|YYYY)\b/;

test('Dutch help of every command has no English placeholder', () => {
  for (const c of commands) {
    const help = commandHelp(c, 'nl');
    assert.doesNotMatch(help, englishPlaceholders, `kluis ${c.words.join(' ')} --help --lang nl`);
    assert.match(commandHelp(c, 'en'), /Usage: kluis /);
  }
  assert.doesNotMatch(mainHelp(commands, 'nl', '0.0.0'), englishPlaceholders);
  for (const group of new Set(commands.map((c) => c.words[0]!)))
    assert.doesNotMatch(groupHelp(commands, [group], 'nl') ?? '', englishPlaceholders, `kluis ${group} --help`);
});

test('placeholders: the words a user fills in are translated, the values typed as they are stay', () => {
  assert.equal(core.placeholderIn('NAME|NUMBER', 'nl'), 'NAAM|NUMMER');
  assert.equal(core.placeholderIn('FILE|DIR|-', 'nl'), 'BESTAND|MAP|-');
  assert.equal(core.placeholderIn('YYYY-MM-DD', 'nl'), 'JJJJ-MM-DD');
  assert.equal(core.placeholderIn('no|passphrase', 'nl'), 'no|passphrase');
  assert.equal(core.placeholderIn('A,B|*', 'nl'), 'A,B|*');
  assert.equal(core.placeholderIn('NAME|NUMBER', 'en'), 'NAME|NUMBER');
  assert.deepEqual(core.argumentShown('file'), { nl: '<bestand>', en: '<file>' });
});

test('a missing argument is named in the language of the message', () => {
  const missing = () => core.readValues(core.operations.restore, {});
  assert.throws(missing, (err: ToolError) => {
    assert.match(renderError(err, 'nl').message, /<bestand>/);
    assert.match(renderError(err, 'en').message, /<file>/);
    return true;
  });
});
