/**
 * The start of an auditfile: whether a file is one at all (before it is
 * parsed), and its header and company name, which the plan needs before
 * anything is loaded.
 */
import { closeSync, readSync } from 'node:fs';
import { phrase, ToolError } from '../../../errors/index.js';
import { openOrdinaryFile } from '../../../storage/small-file.js';
import type { XafEvent } from '../../../xaf/index.js';
import { validateAdminName } from '../../domain/administration-ref.js';

/**
 * Whether a file is an auditfile rather than a kluis backup: XML starts with
 * "<" (after a byte-order mark and white space); a backup starts with its
 * magic bytes. Only the first bytes are read.
 */
export function isAuditfile(path: string): boolean {
  const { fd } = openOrdinaryFile(path);
  try {
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, head.length, 0);
    let bytes = head.subarray(0, n);
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    const text =
      bytes[0] === 0xff && bytes[1] === 0xfe
        ? bytes.subarray(2).toString('utf16le')
        : bytes[0] === 0xfe && bytes[1] === 0xff
          ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le')
          : bytes.toString('latin1');
    return text.trimStart().startsWith('<');
  } finally {
    closeSync(fd);
  }
}

export function fallbackName(companyName: string, fiscalYear: string): string {
  try {
    return validateAdminName(companyName.trim().slice(0, 60));
  } catch {
    return `Auditfile ${fiscalYear}`.slice(0, 60);
  }
}

export interface Header {
  /** Where the header is in the file. */
  line: number;
  fiscalYear: string;
  startDate: string;
  endDate: string;
  curCode: string;
  softwareDesc?: string;
  softwareVersion?: string;
}

/** Reads up to the company's name (the plan needs it); the events read stay pending for the loader. */
export async function readHeader(
  events: AsyncIterator<XafEvent>,
  path: string,
): Promise<{ header: Header; companyName: string; pending: XafEvent[] }> {
  const pending: XafEvent[] = [];
  let header: Header | undefined;
  for (;;) {
    const { value, done } = await events.next();
    if (done)
      throw new ToolError('XAF_INVALID', {
        path,
        line: 0,
        element: 'auditfile',
        reason: phrase('ENDS_BEFORE_COMPANY_NAME'),
      });
    pending.push(value);
    if (value.kind === 'record' && value.name === 'header')
      header = { ...(value.record as unknown as Omit<Header, 'line'>), line: value.line };
    if (value.kind === 'field' && value.path === 'company' && value.name === 'companyName')
      return { header: header!, companyName: value.value, pending };
  }
}
