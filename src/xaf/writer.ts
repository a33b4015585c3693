/**
 * Writing an auditfile as a stream. Text is escaped and checked: XML 1.0
 * cannot carry most control characters at all (not even as references), so
 * a value holding one is an error naming the element, not a broken file.
 * Records are written in the order the schema gives their children, so a
 * record read by the reader (with elements kluis does not model) is written
 * back as it came.
 */
import { ToolError } from '../errors/index.js';
import type { XafRecord } from './events.js';
import { type ElementDecl, xafNamespace } from './schema.js';

// Characters XML 1.0 does not allow, and lone surrogates.
const forbidden =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const special = /[&<>\r]/;

/** Escapes text content; throws XAF_EXPORT_UNREPRESENTABLE for characters XML cannot carry. */
export function escapeText(value: string, element: string): string {
  if (forbidden.test(value))
    throw new ToolError('XAF_EXPORT_UNREPRESENTABLE', { element, value: JSON.stringify(value.slice(0, 60)) });
  if (!special.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** A sink the writer hands its text to; returns false when the caller should wait (back-pressure). */
export interface TextSink {
  write(text: string): boolean | Promise<void>;
}

export class XafWriter {
  #buffer: string[] = [];
  #size = 0;
  #indent = 0;

  constructor(
    private readonly sink: TextSink,
    private readonly flushAt = 64 * 1024,
  ) {}

  /** The XML declaration and the root element's start tag. */
  start(): void {
    this.raw(`<?xml version="1.0" encoding="UTF-8"?>\n<auditfile xmlns="${xafNamespace}">\n`);
    this.#indent = 1;
  }

  open(name: string): void {
    this.raw(`${'  '.repeat(this.#indent)}<${name}>\n`);
    this.#indent++;
  }

  close(name: string): void {
    this.#indent--;
    this.raw(`${'  '.repeat(this.#indent)}</${name}>\n`);
  }

  /** A simple element; nothing for undefined or null. */
  field(name: string, value: string | number | null | undefined): void {
    if (value === undefined || value === null) return;
    this.raw(`${'  '.repeat(this.#indent)}<${name}>${escapeText(String(value), name)}</${name}>\n`);
  }

  /** A complex element from a record, its children in schema order. */
  record(decl: ElementDecl, record: XafRecord): void {
    this.open(decl.name);
    for (const child of decl.children!) {
      const value = record[child.name];
      if (value === undefined || value === null) continue;
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) {
        if (typeof v === 'string') this.field(child.name, v);
        else this.record(child, v);
      }
    }
    this.close(decl.name);
  }

  /** Pre-escaped, pre-formatted text (the fast path for transaction lines). */
  raw(text: string): void {
    this.#buffer.push(text);
    this.#size += text.length;
  }

  get indent(): number {
    return this.#indent;
  }

  /** Hands what is buffered to the sink once enough has gathered (or always, with `force`). */
  async flush(force = false): Promise<void> {
    if (!force && this.#size < this.flushAt) return;
    if (this.#size === 0) return;
    const text = this.#buffer.join('');
    this.#buffer = [];
    this.#size = 0;
    await this.sink.write(text);
  }

  async end(): Promise<void> {
    this.raw('</auditfile>\n');
    await this.flush(true);
  }
}
