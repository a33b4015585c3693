/**
 * SQL quoting for the few places where an identifier cannot be a bind
 * parameter (database names in CREATE/DROP DATABASE).
 */

/** Quotes an identifier the way PostgreSQL's quote_ident does, always. */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error('identifier contains a NUL byte');
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal (standard_conforming_strings is on in every supported server). */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('literal contains a NUL byte');
  return `'${value.replace(/'/g, "''")}'`;
}
