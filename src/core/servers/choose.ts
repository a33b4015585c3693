/**
 * Choosing a server in the wizard, as the source's server screen does it:
 * a name typed in the Server field (a server kluis knows, or a host name),
 * or one picked from Browse, which lists the known servers and those found
 * on this computer and through the PG settings. Whatever is chosen becomes a
 * named server of kluis, which is what every operation works with.
 */
import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseConninfo } from '../../engines/index.js';
import { type Localized, ToolError } from '../../errors/index.js';
import { describeDiscovered, describeServer } from './describe.js';
import { type DiscoveredServer, discoverServers, probeTcp } from './discover.js';
import { addServer, listServers, saveTestedServer } from './server-registry.js';

/** One line of Browse. */
export interface BrowsedServer {
  /** The name kluis knows the server by, or the name it gets when it is used. */
  readonly name: string;
  /** Whether kluis knows it already (config.json, or My computer). */
  readonly known: boolean;
  /** In words: which server, and where. */
  readonly description: Localized;
  /** yes: something answers; no: nothing does; unknown: not tried; on-demand: My computer, started when used. */
  readonly reachable: 'yes' | 'no' | 'unknown' | 'on-demand';
  /** How to reach it (kept from the person: used only when it is taken). */
  readonly conninfo: string;
}

const defaultPort = 5432;

/** Whether a known server's host answers: a socket file that exists, a TCP port that accepts. */
async function reachableAt(conninfo: string): Promise<BrowsedServer['reachable']> {
  let settings: ReturnType<typeof parseConninfo>;
  try {
    settings = parseConninfo(conninfo);
  } catch {
    return 'unknown';
  }
  const port = settings.port ?? defaultPort;
  if (!settings.host) return 'unknown';
  if (settings.host.startsWith('/')) return existsSync(join(settings.host, `.s.PGSQL.${port}`)) ? 'yes' : 'no';
  return (await probeTcp(settings.host, port)) ? 'yes' : 'no';
}

function reachableFound(found: DiscoveredServer): BrowsedServer['reachable'] {
  if (found.source === 'embedded') return found.reachable ? 'yes' : 'on-demand';
  if (found.source === 'service') return 'unknown';
  return found.reachable ? 'yes' : 'no';
}

/** Browse: My computer, the servers kluis knows, then those found that it does not know yet. */
export async function browseServers(home: string, env: NodeJS.ProcessEnv = process.env): Promise<BrowsedServer[]> {
  const known = listServers(home);
  const [found, reachable] = await Promise.all([
    discoverServers(home, env),
    Promise.all(known.map((s) => (s.kind === 'embedded' ? undefined : reachableAt(s.conninfo)))),
  ]);
  const embedded = found.find((f) => f.source === 'embedded');
  const listed: BrowsedServer[] = known.map((s, i) => ({
    name: s.name,
    known: true,
    description: describeServer(s),
    reachable: s.kind === 'embedded' ? (embedded ? reachableFound(embedded) : 'on-demand') : reachable[i]!,
    conninfo: s.conninfo,
  }));
  for (const f of found) {
    if (f.source === 'embedded' || known.some((s) => s.conninfo === f.conninfo || s.name === f.name)) continue;
    listed.push({
      name: f.name,
      known: false,
      description: describeDiscovered(f),
      reachable: reachableFound(f),
      conninfo: f.conninfo,
    });
  }
  return listed;
}

/** A name not yet in use in config.json, from a host name or a suggested one ("db-kantoor-nl", "localhost-2"). */
export function freeServerName(home: string, wanted: string): string {
  const base =
    wanted
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 36) || 'server';
  const taken = new Set(listServers(home).map((s) => s.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Takes a server from Browse: its name in kluis, added to config.json when kluis did not know it. */
export function takeBrowsed(home: string, server: BrowsedServer): string {
  if (server.known) return server.name;
  const known = listServers(home).find((s) => s.conninfo === server.conninfo);
  if (known) return known.name;
  return addServer(home, freeServerName(home, server.name), server.conninfo).name;
}

/** "db.kantoor.nl", "10.0.0.5:5433", "[::1]:5432": a host, and a port when one is given. */
function hostAndPort(typed: string): { host: string; port?: number } | undefined {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}))(?::(\d{1,5}))?$/.exec(typed);
  if (!m) return undefined;
  const host = m[1]!.replace(/^\[(.*)\]$/, '$1');
  if (m[2] === undefined) return { host };
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
}

/**
 * The Server field of the wizard's server step: a name kluis knows is that
 * server; a host name (with a port, perhaps) is a known server at that host
 * or, once a connection to it works, a new one named after it. Anything else
 * is SERVER_NAME_UNKNOWN, which points at Browse and Advanced.
 */
export async function resolveServerName(home: string, typed: string): Promise<string> {
  const wanted = typed.trim();
  if (!wanted) throw new ToolError('SERVER_NAME_MISSING');
  const known = listServers(home);
  if (known.some((s) => s.name === wanted)) return wanted;
  const at = hostAndPort(wanted);
  if (!at) throw new ToolError('SERVER_NAME_UNKNOWN', { server: wanted });
  const same = known.find((s) => {
    if (s.kind === 'embedded') return false;
    try {
      const settings = parseConninfo(s.conninfo);
      return settings.host === at.host && (settings.port ?? defaultPort) === (at.port ?? defaultPort);
    } catch {
      return false;
    }
  });
  if (same) return same.name;
  // A name no computer answers to is a typing error, not a server to add.
  await lookup(at.host).catch(() => {
    throw new ToolError('SERVER_NAME_UNKNOWN', { server: wanted });
  });
  const saved = await saveTestedServer(home, freeServerName(home, at.host), {
    host: at.host,
    ...(at.port !== undefined ? { port: at.port } : {}),
  });
  return saved.name;
}
