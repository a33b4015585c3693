/**
 * Finds PostgreSQL servers this machine can reach without being told: the
 * embedded server in kluis's home, a server on the standard local socket or
 * on 127.0.0.1:5432, and the entries of pg_service.conf files.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { embeddedLayout, formatConninfo, listServices, readPostmaster } from '../../engines/index.js';

export interface DiscoveredServer {
  /** A suggested name for "kluis server add". */
  readonly name: string;
  readonly conninfo: string;
  readonly source: 'embedded' | 'socket' | 'tcp' | 'service';
  /** For the embedded server: whether it runs now; for others: whether something answers. */
  readonly reachable: boolean;
  readonly detail: string;
}

/** Whether something accepts a TCP connection at host:port within the timeout. */
export function probeTcp(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function discoverServers(home: string, env: NodeJS.ProcessEnv = process.env): Promise<DiscoveredServer[]> {
  const found: DiscoveredServer[] = [];
  const layout = embeddedLayout(home);
  const initialised = existsSync(join(layout.data, 'PG_VERSION'));
  found.push({
    name: 'local',
    conninfo: `home=${home}`,
    source: 'embedded',
    reachable: initialised && readPostmaster(layout)?.status === 'ready',
    detail: initialised ? layout.data : 'not created yet; starts on first use',
  });
  for (const dir of ['/var/run/postgresql', '/tmp']) {
    if (existsSync(join(dir, '.s.PGSQL.5432'))) {
      found.push({
        name: 'local-socket',
        conninfo: `host=${dir} port=5432`,
        source: 'socket',
        reachable: true,
        detail: join(dir, '.s.PGSQL.5432'),
      });
      break;
    }
  }
  if (await probeTcp('127.0.0.1', 5432)) {
    found.push({
      name: 'localhost',
      conninfo: 'host=127.0.0.1 port=5432',
      source: 'tcp',
      reachable: true,
      detail: '127.0.0.1:5432',
    });
  }
  for (const service of listServices(env)) {
    found.push({
      name: service.name,
      conninfo: `service=${service.name}`,
      source: 'service',
      reachable: false,
      detail: `${service.file}: ${formatConninfo(service.settings)}`,
    });
  }
  return found;
}
