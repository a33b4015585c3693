/**
 * The licence issuers this installation trusts: public keys built in, plus
 * keys an administrator drops into <home>/trusted-issuers/<id>.pem.
 *
 * The DEMO issuer's private key is published in this repository on purpose,
 * so the demo and the tests can sign licences. Anyone can sign with it, so a
 * licence from it proves nothing; kluis marks such licences as demo licences
 * everywhere, and an installation can refuse them (trustDemoIssuer: false in
 * config.json).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readSmallFile, smallFiles } from '../../storage/small-file.js';

export interface TrustedIssuer {
  readonly id: string;
  readonly key: KeyObject;
  readonly demo: boolean;
}

export const demoIssuerId = 'kluis-demo-issuer-1';

export const demoIssuerPublicKey = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAhSWBLflVdeKDyLu934jw5PHQbSlYjSQFGiSkoK7Vz6g=
-----END PUBLIC KEY-----
`;

/** DEMO ONLY. Public knowledge; never trust licences signed with it for real use. */
export const demoIssuerPrivateKey = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEINXowLkP5qB2OVm4BG9c25HMLnxD0QBakkIl0w/TrbsM
-----END PRIVATE KEY-----
`;

export interface IssuerOptions {
  /** Folder with extra trusted keys (<id>.pem). */
  readonly trustedIssuersDir?: string;
  readonly trustDemoIssuer?: boolean;
}

export function trustedIssuers(options: IssuerOptions = {}): TrustedIssuer[] {
  const issuers: TrustedIssuer[] = [];
  if (options.trustDemoIssuer !== false)
    issuers.push({ id: demoIssuerId, key: createPublicKey(demoIssuerPublicKey), demo: true });
  if (options.trustedIssuersDir) {
    let files: string[] = [];
    try {
      files = readdirSync(options.trustedIssuersDir).filter((f) => f.endsWith('.pem'));
    } catch {
      // no folder: only the built-in issuers
    }
    for (const file of files) {
      try {
        issuers.push({
          id: file.slice(0, -4),
          key: createPublicKey(readSmallFile(join(options.trustedIssuersDir, file), smallFiles.certificate)),
          demo: false,
        });
      } catch {
        // an unreadable or malformed key is simply not trusted
      }
    }
  }
  return issuers;
}
