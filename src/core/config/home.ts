/**
 * kluis's home folder: config, the embedded server, default backup folder.
 * --home, then KLUIS_HOME, then the platform's convention for application
 * data. As root the default is /var/lib/kluis, because the embedded server's
 * unprivileged account cannot enter /root.
 */
import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';

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

export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag || env['KLUIS_HOME'] || defaultHome(env));
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
