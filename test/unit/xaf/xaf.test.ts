/**
 * The XAF 3.2 schema, reader and writer without a database: the schema's
 * simple types, every fixture read, written and read again to the same
 * events, and refusals naming the element and line.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { ToolError } from '../../../src/errors/index.js';
import { checkSimple, declAt, readXaf, type XafEvent, XafWriter } from '../../../src/xaf/index.js';
import { rejectsWithCode } from '../../helpers/assertions.js';

const fixtures = new URL('../../../../test/fixtures/xaf/', import.meta.url).pathname;

async function events(xml: Buffer | string): Promise<XafEvent[]> {
  const all: XafEvent[] = [];
  for await (const e of readXaf(Readable.from([typeof xml === 'string' ? Buffer.from(xml) : xml]), {
    path: 'test.xaf',
  }))
    all.push(e);
  return all;
}

/** Writes events back as an auditfile with kluis's writer. */
async function written(all: readonly XafEvent[]): Promise<string> {
  const parts: string[] = [];
  const writer = new XafWriter({ write: (text) => parts.push(text) > 0 });
  for (const e of all) {
    const last = e.path.split('/').pop()!;
    if (e.kind === 'open') e.path === '' ? writer.start() : writer.open(last);
    else if (e.kind === 'close') e.path === '' ? await writer.end() : writer.close(last);
    else if (e.kind === 'field') writer.field(e.name, e.value);
    else writer.record(declAt(e.path ? `${e.path}/${e.name}` : e.name), e.record);
  }
  return parts.join('');
}

const withoutLines = (all: readonly XafEvent[]) => all.map(({ line: _, ...rest }) => rest);

describe('XAF schema', () => {
  test('the declarations are read from the published XSD', () => {
    const line = declAt('company/transactions/journal/transaction/trLine');
    assert.ok(line.children!.some((c) => c.name === 'amnt'));
    assert.equal(declAt('header/startDate').type?.base, 'date');
    assert.throws(() => declAt('company/nothing'), /no element/);
  });

  test('simple types: dates, numbers, enumerations and lengths', () => {
    const ok = (path: string, raw: string) => 'value' in checkSimple(declAt(path).type!, raw);
    assert.equal(ok('header/startDate', '2024-02-29'), true);
    assert.equal(ok('header/startDate', '2025-02-29'), false);
    assert.equal(ok('header/startDate', '2025-13-01'), false);
    assert.equal(ok('company/transactions/journal/transaction/trLine/amnt', '10.00'), true);
    assert.equal(ok('company/transactions/journal/transaction/trLine/amnt', 'ten'), false);
    assert.equal(ok('company/transactions/journal/transaction/trLine/amntTp', 'D'), true);
    assert.equal(ok('company/transactions/journal/transaction/trLine/amntTp', 'X'), false);
    assert.equal(ok('company/generalLedger/ledgerAccount/accTp', 'B'), true);
    assert.equal(ok('company/companyName', 'x'.repeat(10_000)), false);
  });
});

describe('XAF reader and writer', () => {
  for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.xaf'))) {
    test(`${name}: read, written and read again gives the same events`, async () => {
      const first = await events(readFileSync(fixtures + name));
      assert.ok(first.length > 2);
      const again = await events(await written(first));
      assert.deepEqual(withoutLines(again), withoutLines(first));
    });
  }

  test('a value its type refuses names the element and its line', async () => {
    const xml = readFileSync(`${fixtures}minimal.xaf`, 'utf8').replace(
      '<startDate>2025-01-01',
      '<startDate>2025-02-30',
    );
    const err = await rejectsWithCode(events(xml), 'XAF_INVALID');
    assert.match(String(err.params['element']), /startDate/);
    assert.equal(typeof err.params['line'], 'number');
  });

  test('an element out of place and a file that is not XML are refused', async () => {
    const swapped = readFileSync(`${fixtures}minimal.xaf`, 'utf8').replace('<header>', '<header><bogus/>');
    await assert.rejects(events(swapped), (e) => e instanceof ToolError && e.code.startsWith('XAF_'));
    await assert.rejects(events('this is not xml'), (e) => e instanceof ToolError && e.code.startsWith('XAF_'));
  });

  test('text XML cannot carry is refused by the writer', () => {
    assert.throws(
      () => new XafWriter({ write: () => true }).field('desc', 'a\u0001b'),
      (e) => e instanceof ToolError && e.code === 'XAF_EXPORT_UNREPRESENTABLE',
    );
  });
});
