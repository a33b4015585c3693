/**
 * The XAF 3.2 schema as data, read from the published XSD that ships with
 * kluis (schemas/XmlAuditfileFinancieel3.2.xsd), so the reader validates and
 * the writer orders elements by the standard itself, not by a copy of it.
 *
 * The XSD uses a small part of XML Schema: nested anonymous complex types
 * that are sequences of elements (each name once per sequence), and simple
 * types restricting xsd:string, token, date, time, dateTime, decimal and
 * nonNegativeInteger by length, maxLength, enumeration, totalDigits,
 * fractionDigits and minInclusive. Anything else in the file is a reason to
 * fail loudly here rather than to validate wrongly.
 */
import { readFileSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { type Phrase, phrase } from '../errors/index.js';

export const xafNamespace = 'http://www.auditfiles.nl/XAF/3.2';

/** The schema file, shipped in the package (the `schemas` folder). */
export const xafSchemaPath = new URL('../../../schemas/XmlAuditfileFinancieel3.2.xsd', import.meta.url).pathname;

export type BaseType = 'string' | 'token' | 'date' | 'time' | 'dateTime' | 'decimal' | 'nonNegativeInteger';

export interface SimpleType {
  readonly name: string;
  readonly base: BaseType;
  readonly length?: number;
  readonly maxLength?: number;
  readonly enumeration?: ReadonlySet<string>;
  readonly totalDigits?: number;
  readonly fractionDigits?: number;
  readonly minInclusive?: number;
}

export interface ElementDecl {
  readonly name: string;
  /** Where it is below `auditfile` ("company/transactions/journal"); "" for auditfile itself. */
  readonly path: string;
  readonly min: number;
  readonly max: number;
  /** A complex element: its sequence of children. */
  readonly children?: readonly ElementDecl[];
  /** A simple element: the type of its text. */
  readonly type?: SimpleType;
  /** Children by name, for lookups. */
  readonly byName?: ReadonlyMap<string, ElementDecl>;
  /** The index of the last child that must occur (-1 when none must). */
  readonly lastRequired?: number;
}

interface RawNode {
  readonly local: string;
  readonly attributes: Record<string, string>;
  readonly children: RawNode[];
}

function parseXsd(text: string): RawNode {
  const parser = new SaxesParser({ xmlns: false });
  const root: RawNode = { local: '#root', attributes: {}, children: [] };
  const stack: RawNode[] = [root];
  parser.on('opentag', (tag) => {
    const node: RawNode = {
      local: tag.name.replace(/^xsd:/, ''),
      attributes: tag.attributes as Record<string, string>,
      children: [],
    };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(text).close();
  return root.children[0]!;
}

const builtIn: Record<string, BaseType> = {
  'xsd:string': 'string',
  'xsd:token': 'token',
  'xsd:date': 'date',
  'xsd:time': 'time',
  'xsd:dateTime': 'dateTime',
  'xsd:decimal': 'decimal',
  'xsd:nonNegativeInteger': 'nonNegativeInteger',
};

function simpleTypeOf(name: string, restriction: RawNode): SimpleType {
  const base = builtIn[restriction.attributes.base ?? ''];
  if (!base) throw new Error(`XAF schema: type ${name} restricts an unsupported base ${restriction.attributes.base}`);
  const facets: { -readonly [K in keyof SimpleType]?: SimpleType[K] } = { name, base };
  const enumeration = new Set<string>();
  for (const f of restriction.children) {
    const value = f.attributes.value ?? '';
    if (f.local === 'enumeration') enumeration.add(value);
    else if (
      f.local === 'length' ||
      f.local === 'maxLength' ||
      f.local === 'totalDigits' ||
      f.local === 'fractionDigits' ||
      f.local === 'minInclusive'
    )
      facets[f.local] = Number(value);
    else if (f.local !== 'annotation') throw new Error(`XAF schema: type ${name} has an unsupported facet ${f.local}`);
  }
  if (enumeration.size) facets.enumeration = enumeration;
  return facets as SimpleType;
}

function occurs(node: RawNode, attr: 'minOccurs' | 'maxOccurs'): number {
  const v = node.attributes[attr];
  if (v === undefined) return 1;
  return v === 'unbounded' ? Infinity : Number(v);
}

function elementOf(node: RawNode, types: ReadonlyMap<string, SimpleType>, parentPath: string | undefined): ElementDecl {
  const name = node.attributes.name!;
  const path = parentPath === undefined ? '' : parentPath ? `${parentPath}/${name}` : name;
  const min = occurs(node, 'minOccurs');
  const max = occurs(node, 'maxOccurs');
  const typeName = node.attributes.type;
  if (typeName) {
    const type = types.get(typeName) ?? (builtIn[typeName] ? { name: typeName, base: builtIn[typeName]! } : undefined);
    if (!type) throw new Error(`XAF schema: element ${name} has an unknown type ${typeName}`);
    return { name, path, min, max, type };
  }
  const complex = node.children.find((c) => c.local === 'complexType');
  if (complex) {
    const sequence = complex.children.find((c) => c.local === 'sequence');
    if (!sequence || complex.children.some((c) => c.local !== 'sequence' && c.local !== 'annotation'))
      throw new Error(`XAF schema: element ${name} is not a plain sequence`);
    const children = sequence.children.filter((c) => c.local === 'element').map((c) => elementOf(c, types, path));
    return {
      name,
      path,
      min,
      max,
      children,
      byName: new Map(children.map((c) => [c.name, c])),
      lastRequired: children.map((c) => c.min > 0).lastIndexOf(true),
    };
  }
  const simple = node.children.find((c) => c.local === 'simpleType');
  const restriction = simple?.children.find((c) => c.local === 'restriction');
  if (!restriction) throw new Error(`XAF schema: element ${name} has no type`);
  return { name, path, min, max, type: simpleTypeOf(name, restriction) };
}

let cached: ElementDecl | undefined;

/** The declaration of the root element `auditfile`, with everything below it. */
export function xafSchema(): ElementDecl {
  if (cached) return cached;
  const root = parseXsd(readFileSync(xafSchemaPath, 'utf8'));
  const types = new Map<string, SimpleType>();
  for (const t of root.children.filter((c) => c.local === 'simpleType')) {
    const restriction = t.children.find((c) => c.local === 'restriction')!;
    types.set(t.attributes.name!, simpleTypeOf(t.attributes.name!, restriction));
  }
  const auditfile = root.children.find((c) => c.local === 'element' && c.attributes.name === 'auditfile');
  if (!auditfile) throw new Error('XAF schema: no auditfile element');
  cached = elementOf(auditfile, types, undefined);
  return cached;
}

/** The declaration at a path of element names below `auditfile` ("company/transactions/journal"). */
export function declAt(path: string): ElementDecl {
  let decl = xafSchema();
  for (const part of path.split('/')) {
    const next = decl.byName?.get(part);
    if (!next) throw new Error(`XAF schema: no element ${path}`);
    decl = next;
  }
  return decl;
}

const datePattern = /^-?\d{4,}-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const timePattern =
  /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$|^24:00:00(\.0+)?(Z|[+-]\d{2}:\d{2})?$/;
const decimalPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const integerPattern = /^\+?\d+$/;

function collapse(value: string): string {
  return value.replace(/[\t\n\r ]+/g, ' ').trim();
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(v: string): boolean {
  const m = datePattern.exec(v);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1) return false;
  if (day <= 28) return true;
  const year = Number(v.slice(0, v.indexOf('-', 1)));
  const days =
    month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : monthDays[month - 1]!;
  return day <= days;
}

/** Counts characters as XML Schema does (code points, not UTF-16 units). */
function charLength(v: string, atLeast: number): number {
  if (v.length <= atLeast) return v.length; // no surrogate pair can make it longer
  let n = 0;
  for (const _ of v) n++;
  return n;
}

/**
 * Checks a simple value against its type. Returns the value as XML Schema
 * sees it (whitespace collapsed where the type says so), or a reason in both
 * languages.
 */
export function checkSimple(type: SimpleType, raw: string): { value: string } | { reason: Phrase } {
  const value = type.base === 'string' ? raw : collapse(raw);
  switch (type.base) {
    case 'date':
      if (!validDate(value)) return { reason: phrase('VALUE_NOT_DATE', { value }) };
      break;
    case 'time':
      if (!timePattern.test(value)) return { reason: phrase('VALUE_NOT_TIME', { value }) };
      break;
    case 'dateTime': {
      const t = value.indexOf('T');
      if (t < 0 || !validDate(value.slice(0, t)) || !timePattern.test(value.slice(t + 1)))
        return { reason: phrase('VALUE_NOT_DATE_TIME', { value }) };
      break;
    }
    case 'decimal':
    case 'nonNegativeInteger': {
      const pattern = type.base === 'decimal' ? decimalPattern : integerPattern;
      if (!pattern.test(value))
        return { reason: phrase(type.base === 'decimal' ? 'VALUE_NOT_NUMBER' : 'VALUE_NOT_WHOLE_NUMBER', { value }) };
      const digits = value.charCodeAt(0) === 43 || value.charCodeAt(0) === 45 ? value.slice(1) : value;
      const point = digits.indexOf('.');
      const whole = point < 0 ? digits : digits.slice(0, point);
      const fraction = point < 0 ? '' : digits.slice(point + 1);
      const fractionUsed = fraction.endsWith('0') ? fraction.replace(/0+$/, '') : fraction;
      const wholeUsed = whole.startsWith('0') ? whole.replace(/^0+/, '') : whole;
      if (type.fractionDigits !== undefined && fractionUsed.length > type.fractionDigits) {
        return { reason: phrase('VALUE_TOO_MANY_DECIMALS', { value, max: type.fractionDigits }) };
      }
      if (type.totalDigits !== undefined && wholeUsed.length + fractionUsed.length > type.totalDigits) {
        return { reason: phrase('VALUE_TOO_MANY_DIGITS', { value, max: type.totalDigits }) };
      }
      if (type.minInclusive !== undefined && value.startsWith('-') && /[1-9]/.test(digits)) {
        return { reason: phrase('VALUE_TOO_SMALL', { value, min: type.minInclusive }) };
      }
      break;
    }
    default:
      break;
  }
  if (type.enumeration && !type.enumeration.has(value)) {
    const shown = type.enumeration.size <= 12 ? [...type.enumeration].join(', ') : `${type.name}`;
    return { reason: phrase('VALUE_NOT_ALLOWED', { value, allowed: shown }) };
  }
  if (type.maxLength !== undefined || type.length !== undefined) {
    const n = charLength(value, type.maxLength ?? type.length ?? 0);
    if (type.maxLength !== undefined && n > type.maxLength)
      return { reason: phrase('VALUE_TOO_LONG', { length: n, max: type.maxLength }) };
    if (type.length !== undefined && n !== type.length)
      return { reason: phrase('VALUE_LENGTH_WRONG', { length: type.length }) };
  }
  return { value };
}
