/**
 * Why a server could not be reached, refused the login or went away, and
 * why the embedded server did not start (src/errors/postgres-error.ts,
 * src/engines). The server's and the operating system's own words stay in
 * the error's cause and its PostgreSQL details, for --debug.
 */
import { definePhrases } from '../definition.js';

export const serverPhrases = definePhrases({
  // SERVER_UNREACHABLE
  CONNECTION_REFUSED: {
    nl: 'er luistert niets op die poort (verbinding geweigerd)',
    en: 'nothing listens on that port (connection refused)',
  },
  NO_SERVER_SOCKET: { nl: 'er is geen server-socket in die map', en: 'there is no server socket in that folder' },
  SOCKET_NO_ACCESS: { nl: 'geen toegang tot de server-socket', en: 'no access to the server socket' },
  HOST_UNREACHABLE: {
    nl: 'die computer is via het netwerk niet te bereiken',
    en: 'that computer cannot be reached over the network',
  },
  CLOSED_WHILE_LOGGING_IN: {
    nl: 'de server verbrak de verbinding tijdens het aanmelden',
    en: 'the server closed the connection while logging in',
  },
  TIMED_OUT: {
    nl: 'de server antwoordde niet binnen de wachttijd (connect_timeout)',
    en: 'the server did not answer within the time allowed (connect_timeout)',
  },
  STARTING_OR_STOPPING: { nl: 'de server start op of stopt juist', en: 'the server is starting up or shutting down' },
  NOT_POSTGRES_TLS: {
    nl: 'het antwoord op het TLS-verzoek was niet dat van een PostgreSQL-server',
    en: 'the answer to the TLS request was not that of a PostgreSQL server',
  },
  CERTIFICATE_UNTRUSTED: {
    nl: 'het certificaat van de server is niet te vertrouwen ({detail})',
    en: "the server's certificate cannot be trusted ({detail})",
  },
  CONNECT_FAILED: {
    nl: 'de server antwoordde niet zoals een PostgreSQL-server',
    en: 'the server did not answer as a PostgreSQL server does',
  },
  // SERVER_AUTH_FAILED
  PASSWORD_REJECTED: {
    nl: 'het wachtwoord wordt niet aanvaard (password authentication failed)',
    en: 'password authentication failed (the password is not accepted)',
  },
  LOGIN_NOT_ALLOWED: {
    nl: 'de server laat deze gebruiker niet toe (een onbekende gebruiker, of pg_hba.conf weigert hem)',
    en: 'the server does not let this user in (an unknown user, or pg_hba.conf refuses it)',
  },
  PASSWORD_EXCHANGE_FAILED: {
    nl: 'de uitwisseling van het wachtwoord (SCRAM) mislukte',
    en: 'the password exchange (SCRAM) failed',
  },
  // SERVER_PERMISSION_DENIED
  ACTION_CONNECTING: { nl: 'verbinden', en: 'connecting' },
  ACTION_THIS_OPERATION: { nl: 'deze handeling', en: 'this operation' },
  // SERVER_LOST
  SERVER_SHUT_DOWN: { nl: 'de server is gestopt', en: 'the server was shut down' },
  SERVER_RESTARTED_AFTER_CRASH: {
    nl: 'de server is na een crash van een van zijn processen opnieuw begonnen',
    en: 'the server restarted after one of its processes crashed',
  },
  CONNECTION_CLOSED: {
    nl: 'de server verbrak de verbinding (gestopt, herstart of door het netwerk afgebroken)',
    en: 'the server closed the connection (stopped, restarted or cut off by the network)',
  },
  SNAPSHOT_GONE: {
    nl: 'de server is de sessie kwijt die de momentopname vasthield',
    en: 'the server lost the session that held the snapshot',
  },
  // DIRECTORY_NOT_USABLE
  FOLDER_MISSING_ON_SERVER: { nl: 'de map bestaat niet op de server', en: 'the folder does not exist on the server' },
  FOLDER_NO_ACCESS_ON_SERVER: {
    nl: 'het serveraccount heeft er geen toegang toe',
    en: "the server's account has no access to it",
  },
  FOLDER_REFUSED_BY_SERVER: { nl: 'de server weigert hem', en: 'the server refuses it' },
  // EMBEDDED_START_FAILED
  INITDB_FAILED: {
    nl: 'initdb kon de gegevensmap niet aanmaken (code {status})',
    en: 'initdb could not create the data folder (code {status})',
  },
  POSTGRES_EXITED: {
    nl: 'postgres stopte tijdens het starten (code {status})',
    en: 'postgres exited while starting (code {status})',
  },
  POSTGRES_NOT_READY: {
    nl: 'postgres was niet binnen de wachttijd gereed',
    en: 'postgres was not ready within the time allowed',
  },
  // SERVICE_ACCOUNT_FAILED
  ACCOUNT_TOOLS_FAILED: {
    nl: 'useradd en adduser weigerden het',
    en: 'useradd and adduser both refused',
  },
  ACCOUNT_MISSING_AFTER_CREATE: {
    nl: 'het is aangemaakt maar daarna niet te vinden',
    en: 'it was created but cannot be found afterwards',
  },
});
