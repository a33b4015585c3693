/**
 * Servers in the words a person reads: "PostgreSQL 18 op deze computer
 * (ingebouwd)", "PostgreSQL op db.kantoor.nl, poort 5432". Never a
 * connection string with its keywords, never a folder kluis made: those are
 * for `kluis server list` and `kluis server discover`, not for the wizard.
 */
import { type ConnSettings, embeddedMajorVersion, parseConninfo } from '../../engines/index.js';
import type { Localized } from '../../errors/index.js';
import type { DiscoveredServer } from './discover.js';
import type { ServerListing } from './server-registry.js';

const defaultPort = 5432;

/** Which server "My computer" is: kluis's own, built in. */
export function myComputerServer(): Localized {
  const version = embeddedMajorVersion();
  const pg = version ? `PostgreSQL ${version}` : 'PostgreSQL';
  return { nl: `${pg} op deze computer (ingebouwd)`, en: `${pg} on this computer (built in)` };
}

/** Where connection settings lead: a host and port, a socket on this computer, or a pg_service.conf entry. */
export function describeSettings(settings: ConnSettings): Localized {
  const { host, port, service } = settings;
  if (service && !host)
    return {
      nl: `PostgreSQL-dienst "${service}" (pg_service.conf)`,
      en: `PostgreSQL service "${service}" (pg_service.conf)`,
    };
  if (!host) return { nl: 'PostgreSQL volgens de PG-instellingen', en: 'PostgreSQL as the PG settings say' };
  // A host that is a folder is a unix socket: a server on this computer.
  if (host.startsWith('/')) {
    const on = port && port !== defaultPort ? { nl: `, poort ${port}`, en: `, port ${port}` } : { nl: '', en: '' };
    return { nl: `PostgreSQL op deze computer (socket${on.nl})`, en: `PostgreSQL on this computer (socket${on.en})` };
  }
  return {
    nl: `PostgreSQL op ${host}, poort ${port ?? defaultPort}`,
    en: `PostgreSQL on ${host}, port ${port ?? defaultPort}`,
  };
}

function settingsOf(conninfo: string): ConnSettings | undefined {
  try {
    return parseConninfo(conninfo);
  } catch {
    return undefined; // an entry someone edited by hand: named, not described
  }
}

/** A server kluis knows: My computer says which server runs there; a named one where it is. */
export function describeServer(listing: Pick<ServerListing, 'kind' | 'conninfo'>): Localized {
  if (listing.kind === 'embedded') return myComputerServer();
  const settings = settingsOf(listing.conninfo);
  return settings ? describeSettings(settings) : { nl: 'PostgreSQL', en: 'PostgreSQL' };
}

/** A server found on this computer or through the PG settings. */
export function describeDiscovered(found: Pick<DiscoveredServer, 'source' | 'conninfo'>): Localized {
  return describeServer({ kind: found.source === 'embedded' ? 'embedded' : 'server', conninfo: found.conninfo });
}
