/**
 * Generates a realistic administration's books, fast and deterministically
 * from a seed: relations, balanced journal entries (sales with VAT, purchases,
 * bank settlements, wages) and documents with ~16 KiB attachments, half of
 * them random bytes (scans) and half XML (e-invoices). Data is streamed with
 * COPY over two connections at once and never held in memory as a whole.
 *
 * The same seed and size always produce byte-identical tables.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import type { ProgressListener } from '../progress.js';
import { cities, companyWords, costItems, familyNames, legalForms, salesItems } from './dutch-names.js';
import { noiseBytes, SeededRandom } from './random.js';

export interface GeneratorSize {
  /** Journal entries; lines average four per entry. */
  readonly entries: number;
  readonly documents: number;
  /** Average attachment size in bytes. */
  readonly attachmentBytes: number;
}

/** Named sizes; S and L are the ones PERFORMANCE.md measures. */
export const generatorSizes = {
  xs: { entries: 1_000, documents: 40, attachmentBytes: 16_384 },
  demo: { entries: 5_000, documents: 300, attachmentBytes: 16_384 },
  s: { entries: 50_000, documents: 5_000, attachmentBytes: 16_384 },
  l: { entries: 1_000_000, documents: 50_000, attachmentBytes: 16_384 },
} as const satisfies Record<string, GeneratorSize>;
export type GeneratorSizeName = keyof typeof generatorSizes;

export interface GeneratorInput {
  readonly size: GeneratorSize;
  readonly seed: string;
  readonly fiscalYears: readonly number[];
  /** Written into created_by and the audit log. */
  readonly userName: string;
  /** Called as journal entries and documents are written. */
  readonly onProgress?: ProgressListener;
}

const progressEvery = 10_000;

const chunkBytes = 1 << 20;

/** Joins generated text rows into ~1 MiB buffers for COPY. */
async function* chunked(rows: Iterable<string>): AsyncGenerator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for (const row of rows) {
    parts.push(row);
    size += row.length;
    if (size >= chunkBytes) {
      yield Buffer.from(parts.join(''));
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield Buffer.from(parts.join(''));
}

async function copyText(client: pg.Client, sql: string, rows: Iterable<string>): Promise<void> {
  const { from: copyFrom } = await import('pg-copy-streams');
  await pipeline(Readable.from(chunked(rows)), client.query(copyFrom(sql)));
}

function money(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** COPY text escaping for the few fields that could contain special characters. */
function esc(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

function relationCount(size: GeneratorSize): number {
  return Math.max(20, Math.min(5_000, Math.floor(size.entries / 50)));
}

function* relationRows(input: GeneratorInput): Generator<string> {
  const rnd = new SeededRandom(`${input.seed}/relations`);
  const n = relationCount(input.size);
  for (let id = 1; id <= n; id++) {
    const name = `${rnd.pick(companyWords)} ${rnd.pick(familyNames)} ${rnd.pick(legalForms)}`.trim();
    const kind = id % 3 === 0 ? 'supplier' : id % 7 === 0 ? 'both' : 'customer';
    const vat = `NL${String(rnd.int(100_000_000, 999_999_999))}B01`;
    const iban = `NL${rnd.int(10, 99)}BANK0${String(rnd.int(100_000_000, 999_999_999))}`;
    const city = rnd.pick(cities);
    const email = `info@${name.toLowerCase().replace(/[^a-z]+/g, '')}.nl`;
    yield `${id}\t${String(id).padStart(6, '0')}\t${esc(name)}\t${kind}\t${vat}\t${iban}\t${city}\tNL\t${email}\n`;
  }
}

interface Line {
  account: string;
  description: string;
  debit: number;
  credit: number;
  vat: string | null;
}

interface Entry {
  id: number;
  journal: string;
  number: string;
  date: string;
  year: number;
  description: string;
  relation: number;
  document: number | null;
  lines: Line[];
}

/** The journal, entry by entry; both COPY streams replay it from the same seed. */
function* journal(input: GeneratorInput): Generator<Entry> {
  const rnd = new SeededRandom(`${input.seed}/journal`);
  const { entries, documents } = input.size;
  const relations = relationCount(input.size);
  const years = input.fiscalYears;
  const counters = new Map<string, number>();
  const documentEvery = Math.max(1, Math.floor(entries / Math.max(documents, 1)));
  let nextDocument = 1;
  for (let id = 1; id <= entries; id++) {
    const year = years[Math.min(years.length - 1, Math.floor(((id - 1) * years.length) / entries))]!;
    const dayOfYear = Math.floor((((id - 1) * years.length) % entries) * (365 / entries)) % 365;
    const date = new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
    const kind = rnd.next();
    const lines: Line[] = [];
    let journalCode: string;
    let description: string;
    if (kind < 0.4) {
      journalCode = 'VRK';
      description = `Factuur ${year}-${id}`;
      let gross = 0;
      let vat = 0;
      for (let k = rnd.int(1, 3); k > 0; k--) {
        const net = rnd.int(1_000, 500_000);
        const high = rnd.next() < 0.8;
        lines.push({
          account: high ? '8000' : '8100',
          description: rnd.pick(salesItems),
          debit: 0,
          credit: net,
          vat: high ? 'H' : 'L',
        });
        const v = Math.round(net * (high ? 0.21 : 0.09));
        vat += v;
        gross += net + v;
      }
      lines.push({ account: '1510', description: 'Btw', debit: 0, credit: vat, vat: null });
      lines.unshift({ account: '1300', description, debit: gross, credit: 0, vat: null });
    } else if (kind < 0.7) {
      journalCode = 'INK';
      description = `Inkoopfactuur ${id}`;
      let gross = 0;
      let vat = 0;
      for (let k = rnd.int(1, 3); k > 0; k--) {
        const [account, text] = rnd.pick(costItems);
        const net = rnd.int(500, 200_000);
        lines.push({ account, description: text, debit: net, credit: 0, vat: 'H' });
        const v = Math.round(net * 0.21);
        vat += v;
        gross += net + v;
      }
      lines.push({ account: '1530', description: 'Voorbelasting', debit: vat, credit: 0, vat: null });
      lines.unshift({ account: '1600', description, debit: 0, credit: gross, vat: null });
    } else if (kind < 0.95) {
      journalCode = 'BNK';
      const receipt = rnd.next() < 0.6;
      description = receipt ? 'Ontvangst debiteuren' : 'Betaling crediteuren';
      let total = 0;
      for (let k = rnd.int(1, 5); k > 0; k--) {
        const amount = rnd.int(1_000, 300_000);
        total += amount;
        lines.push(
          receipt
            ? { account: '1300', description: `Factuur ${year}-${rnd.int(1, id)}`, debit: 0, credit: amount, vat: null }
            : { account: '1600', description: `Inkoopfactuur ${rnd.int(1, id)}`, debit: amount, credit: 0, vat: null },
        );
      }
      lines.unshift(
        receipt
          ? { account: '1100', description, debit: total, credit: 0, vat: null }
          : { account: '1100', description, debit: 0, credit: total, vat: null },
      );
    } else {
      journalCode = 'MEM';
      description = `Salarisjournaalpost ${date.slice(0, 7)}`;
      const gross = rnd.int(200_000, 2_000_000);
      const social = Math.round(gross * 0.2);
      const tax = Math.round(gross * 0.3);
      lines.push(
        { account: '4000', description: 'Brutolonen', debit: gross, credit: 0, vat: null },
        { account: '4100', description: 'Werkgeverslasten', debit: social, credit: 0, vat: null },
        { account: '1700', description: 'Loonheffing', debit: 0, credit: tax + social, vat: null },
        { account: '1100', description: 'Nettolonen', debit: 0, credit: gross - tax, vat: null },
      );
    }
    const n = (counters.get(`${journalCode}${year}`) ?? 0) + 1;
    counters.set(`${journalCode}${year}`, n);
    const hasDocument = nextDocument <= documents && id % documentEvery === 0;
    yield {
      id,
      journal: journalCode,
      number: `${year}${String(n).padStart(7, '0')}`,
      date,
      year,
      description,
      relation: rnd.int(1, relations),
      document: hasDocument ? nextDocument++ : null,
      lines,
    };
  }
}

function* entryRows(input: GeneratorInput): Generator<string> {
  for (const e of journal(input)) {
    yield `${e.id}\t${e.journal}\t${e.number}\t${e.date}\t${e.year}\t${e.description}\t${e.relation}\t${e.document ?? '\\N'}\t${input.userName}\t${e.date} 09:00:00+00\n`;
  }
}

function* lineRows(input: GeneratorInput): Generator<string> {
  let lineId = 0;
  const total = input.size.entries;
  for (const e of journal(input)) {
    if (e.id % progressEvery === 0 || e.id === total) input.onProgress?.({ step: 'journal', done: e.id, total });
    for (let i = 0; i < e.lines.length; i++) {
      const l = e.lines[i]!;
      lineId++;
      yield `${lineId}\t${e.id}\t${i + 1}\t${l.account}\t${l.description}\t${money(l.debit)}\t${money(l.credit)}\t${l.vat ?? '\\N'}\n`;
    }
  }
}

/** An attachment's bytes: even documents are "scans" (random), odd ones XML e-invoices. */
export function attachmentContent(
  input: GeneratorInput,
  id: number,
): { bytes: Buffer; mime: string; fileName: string } {
  const rnd = new SeededRandom(`${input.seed}/doc/${id}`);
  const target = Math.max(64, Math.round(input.size.attachmentBytes * (0.75 + rnd.next() * 0.5)));
  if (id % 2 === 0)
    return { bytes: noiseBytes(input.seed, id, target), mime: 'application/pdf', fileName: `scan-${id}.pdf` };
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">\n<ID>${id}</ID>\n`,
  ];
  let size = parts[0]!.length;
  for (let line = 1; size < target - 40; line++) {
    const p = `<InvoiceLine><ID>${line}</ID><Quantity>${rnd.int(1, 50)}</Quantity><Item>${rnd.pick(salesItems)}</Item><Price>${money(rnd.int(100, 99_999))}</Price></InvoiceLine>\n`;
    parts.push(p);
    size += p.length;
  }
  parts.push('</Invoice>\n');
  return { bytes: Buffer.from(parts.join('')), mime: 'application/xml', fileName: `factuur-${id}.xml` };
}

function* documentRows(input: GeneratorInput): Generator<string> {
  const relations = relationCount(input.size);
  for (let id = 1; id <= input.size.documents; id++) {
    const { bytes, mime, fileName } = attachmentContent(input, id);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const kind = mime === 'application/pdf' ? 'scan' : 'e-invoice';
    yield `${id}\t${(id % relations) + 1}\t${kind}\tDocument ${id}\t${fileName}\t${mime}\t${bytes.length}\t\\\\x${sha}\t2025-01-01 12:00:00+00\n`;
  }
}

/** Binary COPY for attachments: raw bytea, half the bytes of text COPY's hex. */
async function* attachmentChunks(input: GeneratorInput): AsyncGenerator<Buffer> {
  const header = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
  let parts: Buffer[] = [header, Buffer.alloc(8)];
  let size = 0;
  const total = input.size.documents;
  for (let id = 1; id <= total; id++) {
    if (id % 1_000 === 0 || id === total) input.onProgress?.({ step: 'documents', done: id, total });
    const { bytes } = attachmentContent(input, id);
    const head = Buffer.alloc(2 + 4 + 8 + 4);
    head.writeInt16BE(2, 0);
    head.writeInt32BE(8, 2);
    head.writeBigInt64BE(BigInt(id), 6);
    head.writeInt32BE(bytes.length, 14);
    parts.push(head, bytes);
    size += head.length + bytes.length;
    if (size >= chunkBytes) {
      yield Buffer.concat(parts);
      parts = [];
      size = 0;
    }
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  parts.push(trailer);
  yield Buffer.concat(parts);
}

/**
 * Loads the books into an administration whose tables exist but whose keys,
 * indexes and triggers are not built yet. `second` is another connection to
 * the same database, so the two largest tables load in parallel.
 */
export async function generateData(first: pg.Client, second: pg.Client, input: GeneratorInput): Promise<void> {
  await copyText(
    first,
    'copy relations (id, code, name, kind, vat_number, iban, city, country, email) from stdin',
    relationRows(input),
  );
  await Promise.all([
    (async () => {
      await copyText(
        first,
        'copy journal_entries (id, journal_code, entry_number, entry_date, fiscal_year, description, relation_id, document_id, created_by, created_at) from stdin',
        entryRows(input),
      );
      await copyText(
        first,
        'copy documents (id, relation_id, kind, title, file_name, mime_type, size_bytes, sha256, created_at) from stdin',
        documentRows(input),
      );
    })(),
    (async () => {
      await copyText(
        second,
        'copy journal_lines (id, entry_id, line_no, account_code, description, debit, credit, vat_code) from stdin',
        lineRows(input),
      );
      const { from: copyFrom } = await import('pg-copy-streams');
      await pipeline(
        Readable.from(attachmentChunks(input)),
        second.query(copyFrom('copy attachments (document_id, content) from stdin (format binary)')),
      );
    })(),
  ]);
  // Identity columns continue after the generated ids.
  for (const table of ['relations', 'journal_entries', 'journal_lines', 'documents']) {
    await first.query(
      `select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select max(id) from ${table}), 1))`,
    );
  }
  await first.query(
    `insert into audit_log (user_name, action, object, details) values ($1, 'generator.loaded', 'administration', $2)`,
    [input.userName, JSON.stringify({ seed: input.seed, size: input.size })],
  );
}
