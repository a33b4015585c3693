/** kluis's own version, from package.json (written into every backup). */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function kluisVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cached;
}
