/**
 * Licence documents (core/licence): the schema is the type. Every name in a
 * licence reaches lists and terminals, so it is printable text of at most
 * 200 characters. Unknown fields are kept, not dropped: the signature
 * covers the canonical JSON of the whole `licence` object, a newer issuer's
 * extra field included.
 */
import type * as V from 'valibot';
import { printable } from './common.js';
import type { Valibot } from './valibot.js';
import { type Known, lazySchema } from './valibot.js';

export const licenceFormat = 'kluis-licence/1';

/** The fields of `licence`, in the order their problems are reported. */
function bodyEntries(v: Valibot) {
  const name = printable(v, 1, 200);
  const date = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/));
  return {
    number: name,
    holder: name,
    registeredUser: name,
    articles: v.pipe(v.array(name), v.readonly()),
    maxUsers: v.pipe(v.number(), v.integer(), v.minValue(1)),
    /** ISO dates (YYYY-MM-DD), inclusive. */
    validFrom: date,
    validUntil: date,
    /** Key id of the issuer that signed it. */
    issuer: name,
    issuedAt: v.pipe(v.string(), v.minLength(1)),
  };
}

function documentEntries<B extends V.GenericSchema>(v: Valibot, body: B) {
  return {
    format: v.literal(licenceFormat),
    signature: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]+=*$/)),
    licence: body,
  };
}

export const licenceDocumentSchema = lazySchema((v) =>
  v.looseObject(documentEntries(v, v.looseObject(bodyEntries(v)))),
);

type BodyEntries = ReturnType<typeof bodyEntries>;
/** The documents as the code sees them (extra fields are there, untyped). */
export type LicenceBody = Known<BodyEntries>;
export type LicenceDocument = Known<ReturnType<typeof documentEntries<V.ObjectSchema<BodyEntries, undefined>>>>;
