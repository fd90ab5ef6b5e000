/**
 * The Zendesk integration: a connection per tenant (credentials sealed with the service key),
 * OAuth authorization states, sync state per tenant and per export stream (the cursor advances
 * in the same transaction as the page's rows), Zendesk users and organizations (author roles,
 * the org → account mapping), the Zendesk side of each ticket (tags, fields, `updated_at` for
 * `safe_update`), what the write-back last sent, and webhook deliveries (stored before the 202,
 * deduplicated by invocation id). Frozen.
 */
import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations see the database untyped */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('zendesk_connections')
    .addColumn('tenant_id', 'uuid', (c) =>
      c.primaryKey().references('tenants.id').onDelete('cascade'),
    )
    .addColumn('subdomain', 'text', (c) => c.notNull())
    // Only for the simulator and self-hosted proxies: otherwise https://{subdomain}.zendesk.com.
    .addColumn('base_url', 'text')
    .addColumn('auth_kind', 'text', (c) =>
      c.notNull().check(sql`auth_kind in ('api-token', 'oauth')`),
    )
    .addColumn('email', 'text')
    // Sealed JSON: { token } or { accessToken, refreshToken }.
    .addColumn('credentials_enc', 'text', (c) => c.notNull())
    .addColumn('token_expires_at', 'timestamptz')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('unchecked')
        .check(sql`status in ('unchecked', 'ok', 'failed')`),
    )
    .addColumn('checked_at', 'timestamptz')
    .addColumn('check_error', 'text')
    // The user our API calls act as: its own updates are never work (loop guard).
    .addColumn('integration_user_id', 'bigint')
    .addColumn('zendesk_account_id', 'text')
    .addColumn('webhook_id', 'text')
    .addColumn('webhook_secret_enc', 'text')
    .addColumn('notify_trigger_id', 'bigint')
    // Ids of our ticket fields in this Zendesk: { state, nextDue, tier, creditExposure }.
    .addColumn('field_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('sync_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('writeback_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    // Where a first sync (or a backfill) starts.
    .addColumn('sync_start_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('zendesk_connections_subdomain')
    .on('zendesk_connections')
    .column('subdomain')
    .execute()

  await db.schema
    .createTable('zendesk_oauth_states')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('subdomain', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()

  // One row per tenant: scheduling, the running sync and the last run.
  await db.schema
    .createTable('zendesk_sync_state')
    .addColumn('tenant_id', 'uuid', (c) =>
      c.primaryKey().references('tenants.id').onDelete('cascade'),
    )
    .addColumn('requested_at', 'timestamptz')
    .addColumn('next_run_at', 'timestamptz')
    .addColumn('running_since', 'timestamptz')
    .addColumn('running_instance', 'text')
    .addColumn('last_started_at', 'timestamptz')
    .addColumn('last_finished_at', 'timestamptz')
    .addColumn('last_items', 'integer')
    .addColumn('last_duration_ms', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'timestamptz')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  // One row per tenant and export stream: the position to resume from.
  await db.schema
    .createTable('zendesk_sync_streams')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('stream', 'text', (c) =>
      c.notNull().check(sql`stream in ('users', 'organizations', 'tickets', 'ticket_events')`),
    )
    .addColumn('cursor', 'text')
    .addColumn('start_time', 'bigint')
    .addColumn('end_of_stream', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('items_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('pages_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_page_at', 'timestamptz')
    // The newest change the stream has delivered (lag = now − this, or the export's one-minute edge).
    .addColumn('position_at', 'timestamptz')
    .addPrimaryKeyConstraint('zendesk_sync_streams_pk', ['tenant_id', 'stream'])
    .execute()

  await db.schema
    .createTable('zendesk_users')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'bigint')
    .addColumn('updated_at', 'timestamptz')
    .addPrimaryKeyConstraint('zendesk_users_pk', ['tenant_id', 'id'])
    .execute()

  await db.schema
    .createTable('zendesk_organizations')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('contract_tier', 'text')
    // What the write-back last set in the organization's tier field, and when.
    .addColumn('tier_sent', 'text')
    .addColumn('tier_sent_at', 'timestamptz')
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz')
    .addPrimaryKeyConstraint('zendesk_organizations_pk', ['tenant_id', 'id'])
    .execute()

  // The Zendesk side of a ticket, as last exported.
  await db.schema
    .alterTable('tickets')
    .addColumn('requester_id', 'bigint')
    .addColumn('zd_status', 'text')
    .addColumn('zd_tags', 'jsonb')
    .addColumn('zd_fields', 'jsonb')
    .addColumn('zd_updated_at', 'timestamptz')
    .addColumn('zd_generated_at', 'bigint')
    .addColumn('needs_recompute', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  await sql`create index tickets_needs_recompute on tickets (tenant_id) where needs_recompute`.execute(
    db,
  )

  // What the write-back last sent for a ticket (so an unchanged state is never re-sent while the
  // export has not yet shown it back).
  await db.schema
    .createTable('zendesk_writeback')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('ticket_id', 'bigint', (c) => c.notNull())
    .addColumn('sent', 'jsonb', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('zendesk_writeback_pk', ['tenant_id', 'ticket_id'])
    .addForeignKeyConstraint(
      'zendesk_writeback_ticket',
      ['tenant_id', 'ticket_id'],
      'tickets',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()

  await db.schema
    .createTable('zendesk_webhook_deliveries')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('invocation_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text')
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('processed_at', 'timestamptz')
    .addColumn('outcome', 'text')
    .addPrimaryKeyConstraint('zendesk_webhook_deliveries_pk', ['tenant_id', 'invocation_id'])
    .execute()
  await sql`create index zendesk_webhook_deliveries_pending on zendesk_webhook_deliveries (received_at) where processed_at is null`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'zendesk_webhook_deliveries',
    'zendesk_writeback',
    'zendesk_organizations',
    'zendesk_users',
    'zendesk_sync_streams',
    'zendesk_sync_state',
    'zendesk_oauth_states',
    'zendesk_connections',
  ])
    await db.schema.dropTable(t).ifExists().execute()
  await sql`drop index if exists tickets_needs_recompute`.execute(db)
  await db.schema
    .alterTable('tickets')
    .dropColumn('requester_id')
    .dropColumn('zd_status')
    .dropColumn('zd_tags')
    .dropColumn('zd_fields')
    .dropColumn('zd_updated_at')
    .dropColumn('zd_generated_at')
    .dropColumn('needs_recompute')
    .execute()
}
