/**
 * The initial schema. Frozen: migrations use `Kysely<any>` and import nothing from the app.
 *
 * Every table carries `tenant_id` first in its primary key; no query crosses tenants.
 * Instants are `timestamptz`; money is `bigint` minor units; contract documents (profiles,
 * calendar definitions, overrides) are `jsonb`, validated by the engine before they are stored.
 */
import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations see the database untyped */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('subdomain', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('jwt_secret_enc', 'text', (c) => c.notNull())
    // Bumped by every change to calendars, tiers or accounts: caches of compiled contracts key on it.
    .addColumn('registry_revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'admin')`))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('api_tokens_tenant').on('api_tokens').columns(['tenant_id']).execute()

  // Calendars and tier profiles: a row per id, and its versions (effective dates kept as written:
  // a date-only value is midnight in each account's zone).
  await db.schema
    .createTable('calendars')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('calendars_pk', ['tenant_id', 'id'])
    .execute()
  await db.schema
    .createTable('calendar_versions')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('calendar_versions_pk', ['tenant_id', 'calendar_id', 'version'])
    .addForeignKeyConstraint(
      'calendar_versions_calendar',
      ['tenant_id', 'calendar_id'],
      'calendars',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()

  await db.schema
    .createTable('tiers')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('tiers_pk', ['tenant_id', 'id'])
    .execute()
  await db.schema
    .createTable('tier_versions')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('tier_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('profile', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('tier_versions_pk', ['tenant_id', 'tier_id', 'version'])
    .addForeignKeyConstraint(
      'tier_versions_tier',
      ['tenant_id', 'tier_id'],
      'tiers',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()

  await db.schema
    .createTable('accounts')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'bigint')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('components', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('regions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('csm', 'text')
    .addColumn('renewal_date', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('accounts_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('accounts_organization', ['tenant_id', 'organization_id'])
    .execute()
  await db.schema
    .createTable('account_contract_versions')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('tier_id', 'text', (c) => c.notNull())
    .addColumn('monthly_fee_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('component_fees', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('overrides', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('account_contract_versions_pk', ['tenant_id', 'account_id', 'version'])
    .addForeignKeyConstraint(
      'account_contract_versions_account',
      ['tenant_id', 'account_id'],
      'accounts',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .execute()
  await db.schema
    .createIndex('audit_log_tenant_at')
    .on('audit_log')
    .columns(['tenant_id', 'id'])
    .execute()
  await db.schema
    .createIndex('audit_log_entity')
    .on('audit_log')
    .columns(['tenant_id', 'entity', 'entity_id'])
    .execute()

  await db.schema
    .createTable('incidents')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('components', 'jsonb', (c) => c.notNull())
    .addColumn('regions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('start_at', 'timestamptz', (c) => c.notNull())
    .addColumn('end_at', 'timestamptz')
    .addColumn('error_rate_percent', 'text')
    .addColumn('exclusion', 'text')
    .addColumn('excluded_for', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('incidents_pk', ['tenant_id', 'id'])
    .execute()
  await db.schema
    .createIndex('incidents_time')
    .on('incidents')
    .columns(['tenant_id', 'start_at'])
    .execute()

  await db.schema
    .createTable('maintenance_windows')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('components', 'jsonb', (c) => c.notNull())
    .addColumn('regions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('impact', 'text', (c) => c.notNull().defaultTo('major'))
    .addColumn('start_at', 'timestamptz', (c) => c.notNull())
    .addColumn('end_at', 'timestamptz', (c) => c.notNull())
    .addColumn('announced_at', 'timestamptz')
    .addColumn('emergency', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('maintenance_windows_pk', ['tenant_id', 'id'])
    .execute()

  // Tickets and their events (filled by the Zendesk sync; for now by the ingest endpoint).
  await db.schema
    .createTable('tickets')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('organization_id', 'bigint')
    .addColumn('subject', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recomputed_at', 'timestamptz')
    .addPrimaryKeyConstraint('tickets_pk', ['tenant_id', 'id'])
    .execute()
  await db.schema
    .createIndex('tickets_account')
    .on('tickets')
    .columns(['tenant_id', 'account_id'])
    .execute()

  await db.schema
    .createTable('ticket_events')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('ticket_id', 'bigint', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addPrimaryKeyConstraint('ticket_events_pk', ['tenant_id', 'ticket_id', 'event_key'])
    .addForeignKeyConstraint(
      'ticket_events_ticket',
      ['tenant_id', 'ticket_id'],
      'tickets',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('ticket_events_order')
    .on('ticket_events')
    .columns(['tenant_id', 'ticket_id', 'at', 'seq'])
    .execute()

  // Computed state, materialized.
  await db.schema
    .createTable('ticket_clocks')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('ticket_id', 'bigint', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz')
    .addColumn('breached_at', 'timestamptz')
    .addColumn('warning_level', 'integer', (c) => c.notNull())
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_clocks_pk', ['tenant_id', 'ticket_id', 'metric', 'cycle'])
    .addForeignKeyConstraint(
      'ticket_clocks_ticket',
      ['tenant_id', 'ticket_id'],
      'tickets',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('ticket_clocks_active_due')
    .on('ticket_clocks')
    .columns(['tenant_id', 'active', 'due_at'])
    .execute()
  await db.schema
    .createIndex('ticket_clocks_account')
    .on('ticket_clocks')
    .columns(['tenant_id', 'account_id', 'breached_at'])
    .execute()

  await db.schema
    .createTable('account_states')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('tier_id', 'text')
    .addColumn('budget_status', 'text')
    .addColumn('worst_budget_percent', 'text')
    .addColumn('credit_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text')
    .addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_states_pk', ['tenant_id', 'account_id', 'month'])
    .addForeignKeyConstraint(
      'account_states_account',
      ['tenant_id', 'account_id'],
      'accounts',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'account_states',
    'ticket_clocks',
    'ticket_events',
    'tickets',
    'maintenance_windows',
    'incidents',
    'audit_log',
    'account_contract_versions',
    'accounts',
    'tier_versions',
    'tiers',
    'calendar_versions',
    'calendars',
    'api_tokens',
    'tenants',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
