/** The manifest and footer documents of a backup file (FORMAT.md sections 6 and 7). */

export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

export interface TableInfo {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  readonly estimatedBytes: number;
}

export interface Manifest {
  readonly format: number;
  readonly kluisVersion: string;
  readonly schemaVersion: number;
  readonly server: { readonly version: string; readonly versionNum: number; readonly engine: 'embedded' | 'server' };
  readonly createdAt: string;
  readonly createdBy: { readonly user: string; readonly host: string };
  readonly administration: { readonly number: number; readonly name: string; readonly identity: string };
  readonly licence: {
    readonly number: string;
    readonly holder: string;
    readonly registeredUser: string;
    readonly articles: readonly string[];
  };
  readonly counts: { readonly transactions: number; readonly documents: number };
  readonly compression: { readonly codec: 'zstd'; readonly level: number };
  readonly encryption: { readonly scheme: 'age'; readonly recipients: ReadonlyArray<'x25519' | 'scrypt'> } | null;
  readonly tables: readonly TableInfo[];
  /** Present when the file hands an administration back to a client (FORMAT.md section 6). */
  readonly handBack?: HandBack;
  /** The administration's users (no password hashes), for previews; optional. */
  readonly users?: ReadonlyArray<{
    readonly userName: string;
    readonly fullName: string;
    readonly role: string;
    readonly active: boolean;
  }>;
}

export interface HandBack {
  /** The client the file goes back to (its licence holder). */
  readonly client: string;
  /** Who worked on it (the licence it ran under at the accountant's). */
  readonly accountant: string;
  /** The accountant's users that were removed from the file. */
  readonly removedUsers: readonly string[];
}

export interface TableStats {
  readonly rows: number;
  readonly rawBytes: number;
  readonly storedBytes: number;
  readonly frames: number;
}

export interface Footer {
  readonly tables: ReadonlyArray<TableStats & { readonly name: string }>;
  readonly rawBytes: number;
  readonly storedBytes: number;
}
