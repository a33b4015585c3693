/** What recover lists and does: one item per interrupted operation or repair. */
import type { Phrase } from '../../errors/index.js';

export type RecoveryAction =
  | 'roll-back'
  | 'roll-forward'
  | 'settle'
  | 'remove-registry-entry'
  | 'attach-database'
  | 'drop-leftover'
  | 'drop-half-deleted';

export interface RecoveryItem {
  readonly action: RecoveryAction;
  readonly adminNumber: number | null;
  /** The interrupted operation, when the item comes from the journal. */
  readonly operation?: {
    readonly id: string;
    readonly kind: string;
    readonly phase: string;
    readonly startedAt: string;
    readonly host: string;
    readonly pid: number;
  };
  /** The database concerned, for repairs. */
  readonly database?: string;
  readonly description: Phrase;
}
