/**
 * Encryption of the body with age v1 (FORMAT.md section 4), through the
 * age authors' TypeScript implementation. A passphrase becomes an scrypt
 * recipient; public keys (age1…) become X25519 recipients.
 */
import { Readable } from 'node:stream';

/** Loaded on first use: the library takes ~65 ms to load, which every command would pay. */
const age = () => import('age-encryption');

import { phrase, ToolError } from '../errors/index.js';

export interface EncryptionKeys {
  readonly passphrase?: string;
  /** age public keys, "age1…". */
  readonly recipients?: readonly string[];
}

export interface DecryptionKeys {
  readonly passphrase?: string;
  /** age secret keys, "AGE-SECRET-KEY-1…". */
  readonly identities?: readonly string[];
}

/** A new X25519 key pair: the secret identity (AGE-SECRET-KEY-1…) and its public recipient (age1…). */
export async function generateKeyPair(): Promise<{ identity: string; recipient: string }> {
  const { generateX25519Identity, identityToRecipient } = await age();
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/**
 * The shortest passphrase a new backup may be encrypted with. One rule for
 * every way a passphrase comes in (a file, standard input, the terminal, the
 * web form): an empty or one-letter passphrase would make an "encrypted"
 * backup that anyone opens. Only new backups are held to it; a file made
 * with a shorter one still opens with it.
 */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Refuses a passphrase too short to encrypt a new backup with (PASSPHRASE_TOO_SHORT). */
export function checkNewPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH)
    throw new ToolError('PASSPHRASE_TOO_SHORT', { min: MIN_PASSPHRASE_LENGTH });
}

export function isEncrypting(keys: EncryptionKeys | undefined): boolean {
  return Boolean(keys && (keys.passphrase !== undefined || (keys.recipients?.length ?? 0) > 0));
}

export function validateRecipient(input: string): string {
  if (!/^age1[02-9ac-hj-np-z]{58}$/.test(input.trim())) throw new ToolError('RECIPIENT_INVALID', { input });
  return input.trim();
}

export async function validateIdentity(secret: string, path: string): Promise<string> {
  const key = secret.trim();
  try {
    await (await age()).identityToRecipient(key);
    return key;
  } catch {
    throw new ToolError('IDENTITY_INVALID', { path });
  }
}

/** Encrypts a stream of body bytes; age allows a passphrase or recipients, not both. */
export async function encryptStream(body: Readable, keys: EncryptionKeys, scryptWorkFactor = 18): Promise<Readable> {
  const e = new (await age()).Encrypter();
  if (keys.passphrase !== undefined) {
    e.setPassphrase(keys.passphrase);
    e.setScryptWorkFactor(scryptWorkFactor);
  }
  for (const r of keys.recipients ?? []) e.addRecipient(validateRecipient(r));
  const encrypted = await e.encrypt(Readable.toWeb(body) as ReadableStream<Uint8Array>);
  return Readable.fromWeb(encrypted as import('node:stream/web').ReadableStream<Uint8Array>);
}

/** The kinds of recipient stanzas in an age header ("scrypt", "X25519", …), read from its text lines. */
export function stanzaKinds(ageHeaderStart: Buffer): string[] {
  const text = ageHeaderStart.toString('latin1');
  const end = text.indexOf('\n---');
  return [...(end >= 0 ? text.slice(0, end) : text).matchAll(/^-> (\S+)/gm)].map((m) => m[1]!);
}

/**
 * Decrypts `encrypted` (an age file). `peek` is the start of it, used to tell
 * a wrong passphrase from a key the file was not encrypted for.
 */
export async function decryptStream(
  encrypted: Readable,
  peek: Buffer,
  keys: DecryptionKeys | undefined,
  path: string,
): Promise<Readable> {
  const kinds = stanzaKinds(peek);
  const byPassphrase = kinds.includes('scrypt');
  if (!keys || (keys.passphrase === undefined && !keys.identities?.length))
    throw new ToolError('BACKUP_KEY_REQUIRED', { path });
  if (byPassphrase && keys.passphrase === undefined) {
    throw new ToolError('BACKUP_WRONG_KEY_KIND', {
      path,
      kind: phrase('KEY_KIND_PASSPHRASE'),
      option: phrase('KEY_OPTION_PASSPHRASE_FILE'),
    });
  }
  if (!byPassphrase && keys.passphrase !== undefined && !keys.identities?.length) {
    throw new ToolError('BACKUP_WRONG_KEY_KIND', {
      path,
      kind: phrase('KEY_KIND_PUBLIC_KEYS'),
      option: phrase('KEY_OPTION_IDENTITY'),
    });
  }
  const d = new (await age()).Decrypter();
  if (keys.passphrase !== undefined) d.addPassphrase(keys.passphrase);
  for (const id of keys.identities ?? []) {
    try {
      d.addIdentity(id);
    } catch {
      throw new ToolError('IDENTITY_INVALID', { path: '-' });
    }
  }
  try {
    const plain = await d.decrypt(Readable.toWeb(encrypted) as ReadableStream<Uint8Array>);
    return Readable.fromWeb(plain as import('node:stream/web').ReadableStream<Uint8Array>);
  } catch (err) {
    const message = (err as Error).message ?? '';
    if (/no identity matched/i.test(message))
      throw new ToolError(byPassphrase ? 'BACKUP_WRONG_PASSPHRASE' : 'BACKUP_NOT_RECIPIENT', { path }, { cause: err });
    throw new ToolError(
      'BACKUP_DAMAGED',
      {
        path,
        reason: phrase('ENCRYPTION_INVALID', { detail: message }),
      },
      { cause: err },
    );
  }
}
