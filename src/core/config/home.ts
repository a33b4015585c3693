/**
 * kluis's home folder: config, the embedded server, default backup folder.
 * --home, then KLUIS_HOME, then the platform's convention for application
 * data. As root the default is /var/lib/kluis, because the embedded server's
 * unprivileged account cannot enter /root.
 */
import { type Stats, statSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { ToolError } from '../../errors/index.js';

export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  switch (platform()) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'kluis');
    case 'win32':
      return join(env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'), 'kluis');
    default:
      if (process.getuid?.() === 0) return '/var/lib/kluis';
      return join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'kluis');
  }
}

/**
 * The home folder to use. One that is missing is made when first needed;
 * one that is a file (a typo, /dev/null) is refused at once instead of
 * failing later deep inside with an errno.
 */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const home = resolve(flag || env['KLUIS_HOME'] || defaultHome(env));
  let found: Stats | undefined;
  try {
    found = statSync(home);
  } catch {
    found = undefined;
  }
  if (found && !found.isDirectory()) throw new ToolError('NOT_A_FOLDER', { path: home });
  return home;
}

export interface HomeLayout {
  readonly home: string;
  readonly configFile: string;
  readonly secretsDir: string;
  readonly backupsDir: string;
  readonly licenceFile: string;
  readonly trustedIssuersDir: string;
}

export function homeLayout(home: string): HomeLayout {
  return {
    home,
    configFile: join(home, 'config.json'),
    secretsDir: join(home, 'secrets'),
    backupsDir: join(home, 'backups'),
    licenceFile: join(home, 'licence.json'),
    trustedIssuersDir: join(home, 'trusted-issuers'),
  };
}
