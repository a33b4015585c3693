/**
 * Values the standard cannot hold are never silently broken: a text that is
 * too long is shortened, an optional value that does not fit is left out
 * (each with a warning in the result), and an identifier that is too long
 * stops the export naming it.
 */
import { type Phrase, phrase, ToolError } from '../../../errors/index.js';
import { checkSimple, type ElementDecl, type XafRecord, type XafWriter } from '../../../xaf/index.js';

export class Conformer {
  readonly warnings: Phrase[] = [];

  constructor(private readonly w: XafWriter) {}

  /**
   * Makes a record fit the standard: a text that is too long is shortened
   * (with a warning), an identifier that is too long stops the export, an
   * optional value that does not fit is left out (with a warning).
   */
  conform(decl: ElementDecl, record: XafRecord, label: string): XafRecord {
    const out: XafRecord = {};
    for (const child of decl.children!) {
      const value = record[child.name];
      if (value === undefined || value === null) continue;
      const values = (Array.isArray(value) ? value : [value]) as Array<string | XafRecord>;
      const kept: Array<string | XafRecord> = [];
      for (const v of values) {
        if (typeof v !== 'string') {
          kept.push(this.conform(child, v, label));
          continue;
        }
        const fitted = this.fit(child, v, label);
        if (fitted !== undefined) kept.push(fitted);
      }
      if (kept.length === 0) continue;
      out[child.name] = (child.max > 1 ? kept : kept[0]) as XafRecord[string];
    }
    return out;
  }

  fit(decl: ElementDecl, value: string, label: string): string | undefined {
    const checked = checkSimple(decl.type!, value);
    if (!('reason' in checked)) return value;
    const max = decl.type!.maxLength;
    if (max !== undefined && [...value].length > max) {
      if (decl.type!.name === 'IdentificationString35')
        throw new ToolError('XAF_EXPORT_VALUE_TOO_LONG', {
          what: label,
          value: value.slice(0, 60),
          max,
          element: decl.name,
        });
      this.warnings.push(phrase('EXPORT_SHORTENED', { what: label, element: decl.name, max }));
      return [...value].slice(0, max).join('');
    }
    if (decl.min === 0) {
      this.warnings.push(phrase('EXPORT_LEFT_OUT', { what: label, element: decl.name, reason: checked.reason }));
      return undefined;
    }
    throw new ToolError('XAF_EXPORT_VALUE_TOO_LONG', {
      what: label,
      value: value.slice(0, 60),
      max: max ?? 0,
      element: decl.name,
    });
  }

  /** Some of a container's simple or record children, in schema order. */
  fields(container: ElementDecl, names: readonly string[], record: XafRecord, label: string): void {
    const partial: ElementDecl = { ...container, children: container.children!.filter((c) => names.includes(c.name)) };
    const fitted = this.conform(partial, record, label);
    for (const child of partial.children!) {
      const value = fitted[child.name];
      if (value === undefined) continue;
      for (const v of (Array.isArray(value) ? value : [value]) as Array<string | XafRecord>) {
        if (typeof v === 'string') this.w.field(child.name, v);
        else this.w.record(child, v);
      }
    }
  }
}
