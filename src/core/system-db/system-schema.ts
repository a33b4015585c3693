/**
 * The system database ("kluis") on every server: the registry of
 * administrations, the journal of operations and their locks, and the backup
 * history. Versioned like every kluis schema.
 */
import type { Migration } from '../migrations/migrator.js';

/**
 * The default name of the system database. Another name gives an independent
 * kluis installation on the same server (tests use one each); administration
 * databases are named after it.
 */
export const systemDatabaseName = 'kluis';

export const systemMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'registry, journal, history',
    pre: `
      create table administrations (
        number        smallint primary key check (number between 1 and 999),
        name          text not null check (char_length(name) between 1 and 60),
        -- the name folded for case-insensitive uniqueness (computed by kluis,
        -- so it does not depend on the server's locale)
        name_key      text not null,
        database_name text not null unique,
        identity      uuid not null,
        directory     text,
        tablespace    text,
        status        text not null default 'ready' check (status in ('creating', 'ready', 'deleting')),
        created_at    timestamptz not null default now(),
        updated_at    timestamptz not null default now()
      );
      create unique index administrations_name_key on administrations (name_key);

      create table operations (
        id            uuid primary key,
        kind          text not null,
        admin_number  smallint,
        phase         text not null,
        status        text not null check (status in ('running', 'done', 'failed', 'rolled_back')),
        host          text not null,
        pid           integer not null,
        process_start text,
        started_at    timestamptz not null default now(),
        updated_at    timestamptz not null default now(),
        finished_at   timestamptz,
        plan          jsonb not null default '{}',
        error         jsonb
      );
      create index operations_running on operations (status) where status = 'running';

      create table locks (
        admin_number  smallint primary key,
        operation_id  uuid not null references operations (id),
        kind          text not null,
        host          text not null,
        pid           integer not null,
        process_start text,
        acquired_at   timestamptz not null default now()
      );

      create table backup_history (
        id            bigint generated always as identity primary key,
        created_at    timestamptz not null default now(),
        admin_number  smallint not null,
        admin_name    text not null,
        identity      uuid not null,
        location      text not null,
        size_bytes    bigint not null,
        transactions  bigint not null,
        documents     bigint not null,
        created_by    text not null,
        host          text not null,
        details       jsonb not null default '{}'
      );
    `,
  },
  {
    version: 2,
    name: 'history: files removed by prune',
    // Whether a file of the history is still where it was written: prune records the
    // removal of each file it removes (core/retention/prune.ts), and its location is
    // how prune finds the rows.
    pre: `
      alter table backup_history add column removed_at timestamptz, add column removed_by text;
      create index backup_history_location on backup_history (location);
    `,
  },
];
