/**
 * Keys for object storage given to `kluis repository add`: read from a file
 * (never from the command line, where the process list and the shell's
 * history would show them), kept in the encrypted secret store under a
 * reference that config.json holds, and read back when the repository is
 * opened.
 */
import { ToolError } from '../../errors/index.js';
import type { S3Credentials } from '../../repository/index.js';
import { readSmallText, smallFiles } from '../../storage/small-file.js';
import { readSecret, storeSecret } from '../config/secret-store.js';

/**
 * The keys in a file: the access key on the first line and the secret on
 * the second, or the form of ~/.aws/credentials (`aws_access_key_id = …`,
 * `aws_secret_access_key = …`, optionally `aws_session_token = …`; the
 * first profile's, when there are several).
 */
export function parseCredentials(text: string, path: string): S3Credentials {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith(';'));
  const named = new Map<string, string>();
  for (const line of lines) {
    if (line.startsWith('[') && named.size > 0) break; // the next profile
    const match = /^(aws_access_key_id|aws_secret_access_key|aws_session_token)\s*=\s*(\S+)$/i.exec(line);
    if (match) named.set(match[1]!.toLowerCase(), match[2]!);
  }
  const accessKeyId = named.get('aws_access_key_id') ?? (named.size === 0 ? lines[0] : undefined);
  const secretAccessKey = named.get('aws_secret_access_key') ?? (named.size === 0 ? lines[1] : undefined);
  const sessionToken = named.get('aws_session_token');
  const plain = (s: string | undefined): s is string => s !== undefined && /^\S{1,512}$/.test(s);
  if (!plain(accessKeyId) || !plain(secretAccessKey))
    throw new ToolError('REPOSITORY_CREDENTIALS_FILE_INVALID', { path });
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export function readCredentialsFile(path: string): S3Credentials {
  return parseCredentials(readSmallText(path, smallFiles.secret), path);
}

/** Stores the keys encrypted; returns the reference config.json keeps. */
export function storeCredentials(home: string, credentials: S3Credentials): string {
  return storeSecret(home, JSON.stringify(credentials));
}

/** The stored keys, or undefined when they are gone or cannot be decrypted (then the AWS chain is tried). */
export function storedCredentials(home: string, ref: string): S3Credentials | undefined {
  const text = readSecret(home, ref);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<S3Credentials>;
    if (typeof value.accessKeyId !== 'string' || typeof value.secretAccessKey !== 'string') return undefined;
    return {
      accessKeyId: value.accessKeyId,
      secretAccessKey: value.secretAccessKey,
      ...(typeof value.sessionToken === 'string' ? { sessionToken: value.sessionToken } : {}),
    };
  } catch {
    return undefined;
  }
}
