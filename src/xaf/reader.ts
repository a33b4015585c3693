/**
 * Reading an auditfile as a stream: bytes in, validated events out, with
 * memory bounded by the largest single record (a ledger account, a
 * transaction line), never by the file.
 *
 * Every element is checked against the published schema as it arrives
 * (order, occurrence, the type of every value), so a file that does not
 * validate is refused at the element and line where it goes wrong. What the
 * schema's key/keyref constraints say (that lines name known accounts, say)
 * is for the caller, who keeps the keys.
 *
 * Hostile input: no DTD is accepted (so no entities, no external entities,
 * no entity expansion), text between two tags is bounded, and the decoder is
 * strict (a byte sequence that is not valid in the declared encoding is an
 * error, not a replacement character).
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { type Phrase, phrase, ToolError } from '../errors/index.js';
import { detectEncoding } from './encoding.js';
import { containers, type XafEvent, type XafRecord, xafLimits } from './events.js';
import { checkSimple, type ElementDecl, xafNamespace, xafSchema } from './schema.js';

interface Frame {
  readonly decl: ElementDecl;
  readonly path: string;
  readonly line: number;
  /** Index of the child declaration last seen, and how often it occurred. */
  pos: number;
  count: number;
  text: string;
  /** Set while inside a record. */
  record?: XafRecord;
  /** Elements so far in the record (on the record's own frame). */
  elements?: number;
  /** The frame of the record this frame is part of. */
  owner?: Frame;
}

export interface XafReaderOptions {
  /** How to name the file in messages. */
  readonly path: string;
}

function invalid(path: string, line: number, element: string, reason: Phrase): ToolError {
  return new ToolError('XAF_INVALID', { path, line, element, reason });
}

/** Validates and reads an auditfile; throws XAF_* errors naming the element and line. */
export async function* readXaf(
  source: AsyncIterable<Buffer | string>,
  options: XafReaderOptions,
): AsyncGenerator<XafEvent> {
  const file = options.path;
  const schema = xafSchema();
  const parser = new SaxesParser({ xmlns: true, position: true });
  const events: XafEvent[] = [];
  const stack: Frame[] = [];
  let rootSeen = false;
  let run = 0;
  let prologTail = '';
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    throw err;
  };
  const where = () => stack.map((f) => f.decl.name).join('/') || 'auditfile';

  parser.on('error', (err) =>
    fail(
      invalid(
        file,
        parser.line,
        where(),
        phrase('XML_NOT_WELL_FORMED', { detail: err.message.replace(/^.*?:\d+:\d+: /, '') }),
      ),
    ),
  );
  parser.on('doctype', () => fail(invalid(file, parser.line, 'auditfile', phrase('XML_DOCTYPE'))));
  parser.on('opentag', (tag) => open(tag as SaxesTagNS));
  parser.on('closetag', () => close());
  const onText = (text: string) => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (text.trim()) fail(invalid(file, parser.line, 'auditfile', phrase('XML_TEXT_OUTSIDE_ROOT')));
      return;
    }
    if (top.decl.type) {
      top.text += text;
      if (top.text.length > xafLimits.maxValueChars * 2) tooLong(top);
    } else if (text.trim()) {
      fail(invalid(file, parser.line, where(), phrase('XML_TEXT_NOT_ALLOWED', { text: text.trim().slice(0, 40) })));
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  function tooLong(frame: Frame): never {
    throw fail(
      new ToolError('XAF_VALUE_TOO_LONG', {
        path: file,
        line: frame.line,
        element: frame.path || 'auditfile',
        max: xafLimits.maxValueChars,
      }),
    );
  }

  function checkAttributes(tag: SaxesTagNS, path: string): void {
    for (const key in tag.attributes) {
      const a = tag.attributes[key]!;
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      if (
        a.uri === 'http://www.w3.org/2001/XMLSchema-instance' &&
        (a.local === 'schemaLocation' || a.local === 'noNamespaceSchemaLocation')
      )
        continue;
      fail(invalid(file, parser.line, path || 'auditfile', phrase('XML_ATTRIBUTE_UNKNOWN', { name: a.name })));
    }
  }

  /** Moves the parent's position to the child named `name`, checking order and occurrence. */
  function advance(parent: Frame, name: string): ElementDecl {
    const children = parent.decl.children!;
    let i = parent.pos;
    for (; i < children.length; i++) {
      const decl = children[i]!;
      if (decl.name === name) {
        if (i === parent.pos) {
          if (parent.count >= decl.max)
            fail(
              invalid(
                file,
                parser.line,
                `${parent.path ? `${parent.path}/` : ''}${name}`,
                phrase('XML_TOO_MANY', { name, max: decl.max }),
              ),
            );
          parent.count++;
        } else {
          parent.pos = i;
          parent.count = 1;
        }
        return decl;
      }
      const seen = i === parent.pos ? parent.count : 0;
      if (seen < decl.min) missing(parent, decl, name);
    }
    const known = parent.decl.byName!.has(name);
    throw fail(
      invalid(
        file,
        parser.line,
        `${parent.path ? `${parent.path}/` : ''}${name}`,
        phrase(known ? 'XML_OUT_OF_ORDER' : 'XML_NO_SUCH_ELEMENT', { name, parent: parent.decl.name }),
      ),
    );
  }

  function missing(parent: Frame, decl: ElementDecl, found: string | undefined): never {
    const at = parent.path || 'auditfile';
    throw fail(
      invalid(
        file,
        parser.line,
        at,
        found === undefined
          ? phrase('XML_MISSING', { name: decl.name, parent: parent.decl.name })
          : phrase('XML_MISSING_BEFORE', { name: decl.name, found }),
      ),
    );
  }

  function open(tag: SaxesTagNS): void {
    if (tag.uri !== xafNamespace) {
      fail(
        invalid(
          file,
          parser.line,
          tag.local,
          phrase('XML_WRONG_NAMESPACE', { name: tag.local, namespace: xafNamespace }),
        ),
      );
    }
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (rootSeen || tag.local !== 'auditfile')
        fail(invalid(file, parser.line, tag.local, phrase('XML_ROOT_NOT_AUDITFILE')));
      rootSeen = true;
      checkAttributes(tag, '');
      stack.push({ decl: schema, path: '', line: parser.line, pos: 0, count: 0, text: '' });
      events.push({ kind: 'open', path: '', line: parser.line });
      return;
    }
    if (!parent.decl.children)
      fail(invalid(file, parser.line, parent.path, phrase('XML_TEXT_ONLY', { name: parent.decl.name })));
    const decl = advance(parent, tag.local);
    const path = decl.path;
    checkAttributes(tag, path);
    const frame: Frame = { decl, path, line: parser.line, pos: 0, count: 0, text: '' };
    if (parent.record) {
      const owner = parent.owner!;
      owner.elements! += 1;
      if (owner.elements! > xafLimits.maxRecordElements)
        fail(
          new ToolError('XAF_RECORD_TOO_LARGE', {
            path: file,
            line: owner.line,
            element: owner.path,
            max: xafLimits.maxRecordElements,
          }),
        );
      frame.owner = owner;
      if (decl.children) frame.record = {};
    } else if (decl.children && !containers.has(path)) {
      frame.record = {};
      frame.elements = 1;
      frame.owner = frame;
    } else if (decl.children) {
      events.push({ kind: 'open', path, line: parser.line });
    }
    stack.push(frame);
  }

  function close(): void {
    const frame = stack.pop()!;
    const parent = stack[stack.length - 1];
    if (frame.decl.children) {
      // The remaining children must be optional.
      const children = frame.decl.children;
      for (let i = frame.pos; i <= frame.decl.lastRequired!; i++) {
        const seen = i === frame.pos ? frame.count : 0;
        if (seen < children[i]!.min) missing(frame, children[i]!, undefined);
      }
    }
    let value: string | XafRecord | undefined;
    if (frame.decl.type) {
      if (
        frame.text.length > xafLimits.maxValueChars &&
        (frame.decl.type.maxLength === undefined || frame.decl.type.maxLength > xafLimits.maxValueChars)
      ) {
        if ([...frame.text].length > xafLimits.maxValueChars) tooLong(frame);
      }
      const checked = checkSimple(frame.decl.type, frame.text);
      if ('reason' in checked) fail(invalid(file, frame.line, frame.path, checked.reason));
      else value = checked.value;
    } else {
      value = frame.record;
    }
    if (!parent) {
      events.push({ kind: 'close', path: '', line: parser.line });
      return;
    }
    if (parent.record) {
      const name = frame.decl.name;
      if (frame.decl.max > 1) {
        parent.record[name] ??= [];
        const list = parent.record[name] as Array<string | XafRecord>;
        list.push(value!);
      } else {
        parent.record[name] = value;
      }
    } else if (frame.record) {
      events.push({ kind: 'record', path: parent.path, name: frame.decl.name, record: frame.record, line: frame.line });
    } else if (frame.decl.type) {
      events.push({
        kind: 'field',
        path: parent.path,
        name: frame.decl.name,
        value: value as string,
        line: frame.line,
      });
    } else {
      events.push({ kind: 'close', path: frame.path, line: parser.line });
    }
  }

  let decoder: TextDecoder | undefined;
  let head = Buffer.alloc(0);
  const feed = (text: string) => {
    if (!rootSeen) {
      // Refuse a DTD before the parser reads it: its internal subset is where entities would be declared.
      const window = prologTail + text;
      if (/<!DOCTYPE/i.test(window)) fail(invalid(file, parser.line, 'auditfile', phrase('XML_DOCTYPE')));
      prologTail = window.slice(-9);
    }
    const last = text.lastIndexOf('<');
    if (last < 0) {
      run += text.length;
    } else {
      const first = text.indexOf('<');
      if (run + first > xafLimits.maxRunChars)
        tooLong(stack[stack.length - 1] ?? { decl: schema, path: '', line: parser.line, pos: 0, count: 0, text: '' });
      run = text.length - last;
    }
    if (run > xafLimits.maxRunChars)
      tooLong(stack[stack.length - 1] ?? { decl: schema, path: '', line: parser.line, pos: 0, count: 0, text: '' });
    parser.write(text);
  };
  const decode = (chunk: Buffer, stream: boolean): string => {
    try {
      return decoder!.decode(chunk, { stream });
    } catch {
      throw fail(invalid(file, parser.line, where(), phrase('XML_ENCODING_MISMATCH')));
    }
  };
  try {
    for await (const raw of source) {
      if (failure) throw failure;
      let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as string);
      if (!decoder) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 200) continue;
        const { encoding, skip } = detectEncoding(head, file);
        decoder = new TextDecoder(encoding, { fatal: true });
        chunk = head.subarray(skip);
      }
      feed(decode(chunk, true));
      if (events.length) yield* events.splice(0);
    }
    if (!decoder) {
      const { encoding, skip } = detectEncoding(head, file);
      decoder = new TextDecoder(encoding, { fatal: true });
      feed(decode(head.subarray(skip), true));
    }
    feed(decode(Buffer.alloc(0), false));
    if (!rootSeen) throw invalid(file, parser.line, 'auditfile', phrase('XML_NO_AUDITFILE'));
    parser.close();
    if (events.length) yield* events.splice(0);
  } catch (err) {
    throw failure ?? err;
  }
}
