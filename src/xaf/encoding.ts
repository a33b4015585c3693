/** The encodings an auditfile may be in, and how the reader tells which one a file uses. */
import { ToolError } from '../errors/index.js';

const supportedEncodings: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16',
  'iso-8859-1': 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'iso-8859-15': 'iso-8859-15',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

/** Reads the encoding from a byte-order mark or the XML declaration. */
export function detectEncoding(head: Buffer, path: string): { encoding: string; skip: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  const ascii = head.subarray(0, 200).toString('latin1');
  const declared = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(ascii)?.[1];
  if (!declared) return { encoding: 'utf-8', skip: 0 };
  const encoding = supportedEncodings[declared.toLowerCase()];
  if (!encoding || encoding === 'utf-16') throw new ToolError('XAF_ENCODING_UNSUPPORTED', { path, encoding: declared });
  return { encoding, skip: 0 };
}
