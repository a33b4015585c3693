/**
 * Ending a connection at once, whatever it is doing. `client.end()` sends
 * Terminate and waits for the server to close; a server busy sending COPY
 * data that nobody reads never reads that message, so the wait never ends
 * and the session stays "in COPY" or "idle in transaction". Destroying the
 * socket ends it from our side: the server's next write or read fails and
 * its session ends with it, rolling back whatever it had open.
 */
import type pg from 'pg';

export function dropConnection(client: pg.Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  client.end().catch(() => undefined);
}
