/**
 * A stop asked for by the person (Ctrl-C): operations notice it at their
 * next journal phase while their work can still be undone, undo it, and end
 * in CANCELLED. Past that point (the new database swapped in, the backup
 * written) an operation finishes: stopping would change more than going on.
 */
import { ToolError } from '../../errors/index.js';

let requested = false;
const running = new Set<string>();

/** Asks every operation of this process to stop at its next safe point. */
export function requestCancel(): void {
  requested = true;
}

/** True once a stop was asked for: work that runs many operations starts no new one. */
export function cancelRequested(): boolean {
  return requested;
}

/** How many operations this process is running now (a stop then has to wait for a safe point). */
export function operationsRunning(): number {
  return running.size;
}

export function operationStarted(id: string): void {
  running.add(id);
}

export function operationEnded(id: string): void {
  running.delete(id);
}

/** The phases after which an operation of each kind is undone rather than finished when stopped. */
const undoable: Record<string, readonly string[]> = {
  restore: ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked'],
  'client-install': ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked'],
  copy: ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked'],
  'xaf-import': ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked'],
  'admin-create': ['journaled', 'registered', 'database-created'],
  backup: ['journaled', 'snapshot'],
  'hand-out': ['journaled', 'recorded', 'snapshot'],
  'xaf-export': ['journaled'],
  // One transaction on the client's books: until its commit, nothing has changed.
  'client-apply': ['journaled', 'loaded', 'merged'],
};

/** Throws CANCELLED when a stop was asked for and an operation of `kind` that reached `phase` can still be undone. */
export function stopIfCancelled(kind: string, phase: string): void {
  if (requested && undoable[kind]?.includes(phase)) throw new ToolError('CANCELLED');
}
