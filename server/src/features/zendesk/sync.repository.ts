/**
 * SQL of the sync: each export page is stored by ONE statement (rows travel as one JSON parameter)
 * that also advances the stream's position — so a crash between pages loses nothing and repeats
 * nothing that was committed, and a page fetched twice (export duplicates, restarts) changes
 * nothing the second time.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { ZendeskOrganization } from '@sla-tracker/shared'
import type { Database, Row, SyncStream } from '../../db/database.js'

export type StreamRow = Row<'zendesk_sync_streams'>

export function selectStreams(db: Kysely<Database>, tenantId: string): Promise<StreamRow[]> {
  return db
    .selectFrom('zendesk_sync_streams')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute()
}

/**
 * Rows serialized for a statement's one JSON parameter: built ahead, while the previous page is
 * being stored, so the statement goes out as soon as that one commits.
 */
export type JsonRows<R> = string & { readonly [rowsOf]: R }
declare const rowsOf: unique symbol

export function jsonRows<R>(rows: readonly R[]): JsonRows<R> {
  return JSON.stringify(rows) as JsonRows<R>
}

/** A stream's move past one page, written by that page's own statement. */
export interface StreamAdvance {
  stream: SyncStream
  cursor?: string | null
  startTime?: number | null
  endOfStream: boolean
  items: number
  /** The newest change delivered so far (kept when this page had none newer). */
  positionAt: Date | null
  at: Date
}

/**
 * The `with` item that moves a stream past a page, for the page's statement: one statement is
 * atomic, so the position moves exactly when the page's rows are stored, with no transaction
 * around it. Empty without an advance.
 */
function advancing(tenantId: string, a: StreamAdvance | undefined): RawBuilder<unknown> {
  if (a === undefined) return sql``
  return sql`advanced as (
    insert into zendesk_sync_streams (tenant_id, stream, cursor, start_time, end_of_stream,
                                      items_total, pages_total, last_page_at, position_at)
    values (${tenantId}::uuid, ${a.stream}, ${a.cursor ?? null}, ${a.startTime ?? null}::bigint,
            ${a.endOfStream}, ${a.items}, 1, ${a.at}::timestamptz, ${a.positionAt}::timestamptz)
    on conflict (tenant_id, stream) do update
      set cursor = ${a.cursor === undefined ? sql`zendesk_sync_streams.cursor` : sql`excluded.cursor`},
          start_time = ${a.startTime === undefined ? sql`zendesk_sync_streams.start_time` : sql`excluded.start_time`},
          end_of_stream = excluded.end_of_stream,
          items_total = zendesk_sync_streams.items_total + excluded.items_total,
          pages_total = zendesk_sync_streams.pages_total + 1,
          last_page_at = excluded.last_page_at,
          position_at = greatest(zendesk_sync_streams.position_at, excluded.position_at)
  ),`
}

/** Forgets streams' positions: their next page starts again from the connection's start. */
export async function resetStreams(
  db: Kysely<Database>,
  tenantId: string,
  streams: readonly SyncStream[],
): Promise<void> {
  await db
    .deleteFrom('zendesk_sync_streams')
    .where('tenant_id', '=', tenantId)
    .where('stream', 'in', [...streams])
    .execute()
}

export interface UserRow {
  id: number
  name: string | null
  role: string
  organization_id: number | null
  updated_at: string | null
}

/** Upserts users; with `advance`, the users stream moves past their page in the same statement. */
export async function upsertUsers(
  db: Kysely<Database>,
  tenantId: string,
  users: readonly UserRow[],
  advance?: StreamAdvance,
): Promise<void> {
  if (users.length === 0 && advance === undefined) return
  await sql`
    with ${advancing(tenantId, advance)}
    x as (
      select * from jsonb_to_recordset(${JSON.stringify(users)}::jsonb)
        as x(id bigint, name text, role text, organization_id bigint, updated_at timestamptz)
    )
    insert into zendesk_users (tenant_id, id, name, role, organization_id, updated_at)
    select ${tenantId}, x.id, x.name, x.role, x.organization_id, x.updated_at from x
    on conflict (tenant_id, id) do update
      set name = excluded.name, role = excluded.role,
          organization_id = excluded.organization_id, updated_at = excluded.updated_at`.execute(db)
}

/** Roles of the tenant's known users among `ids`. */
export async function selectUserRoles(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly number[],
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('zendesk_users')
    .select(['id', 'role'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`id = any(${[...ids]}::bigint[])`)
    .execute()
  return new Map(rows.map((r) => [Number(r.id), r.role]))
}

export interface OrganizationRow {
  id: number
  name: string
  external_id: string | null
  contract_tier: string | null
  deleted: boolean
  updated_at: string | null
}

/** Upserts organizations; with `advance`, their stream moves past the page in the same statement. */
export async function upsertOrganizations(
  db: Kysely<Database>,
  tenantId: string,
  orgs: readonly OrganizationRow[],
  advance?: StreamAdvance,
): Promise<void> {
  if (orgs.length === 0 && advance === undefined) return
  await sql`
    with ${advancing(tenantId, advance)}
    x as (
      select * from jsonb_to_recordset(${JSON.stringify(orgs)}::jsonb)
        as x(id bigint, name text, external_id text, contract_tier text, deleted boolean,
             updated_at timestamptz)
    )
    insert into zendesk_organizations (tenant_id, id, name, external_id, contract_tier, deleted, updated_at)
    select ${tenantId}, x.id, x.name, x.external_id, x.contract_tier, x.deleted, x.updated_at from x
    on conflict (tenant_id, id) do update
      set name = excluded.name, external_id = excluded.external_id,
          contract_tier = excluded.contract_tier, deleted = excluded.deleted,
          updated_at = excluded.updated_at`.execute(db)
}

/** A ticket as the export shows it (the Zendesk side). */
export interface ExportedTicketRow {
  id: number
  subject: string | null
  organization_id: number | null
  requester_id: number | null
  zd_status: string
  zd_tags: string[]
  zd_fields: Record<string, unknown>
  zd_updated_at: string
  zd_generated_at: number
  created_at: string
}

/**
 * Stores a page of the ticket export in one statement: upserts the live tickets, deletes the ones
 * Zendesk deleted (their clocks and events go with them) and, with `advance`, moves the stream.
 * A ticket's account follows its organization (the account mapped to it, or none); a new ticket,
 * or one whose account changed, is marked for recomputation. The accounts that lost a ticket
 * (moved to another account, or deleted) are queued in `accounts_to_recompute` by the same
 * statement, and returned, each with the ticket's creation instant. Each
 * ticket id at most once (one statement cannot change a row twice).
 */
export async function storeExportedTickets(
  db: Kysely<Database>,
  tenantId: string,
  page: { live: JsonRows<ExportedTicketRow>; deleted: readonly number[] },
  advance?: StreamAdvance,
): Promise<{ account: string; since: Date }[]> {
  // `left_account_id` is set from the row the upsert locked (the latest version, not the
  // statement's snapshot), so a concurrent change of the account cannot be missed.
  const r = await sql<{ account: string; since: Date }>`
    with ${advancing(tenantId, advance)}
    x as (
      select x.*, a.id as account_id
        from jsonb_to_recordset(${page.live}::jsonb)
             as x(id bigint, subject text, organization_id bigint, requester_id bigint,
                  zd_status text, zd_tags jsonb, zd_fields jsonb, zd_updated_at timestamptz,
                  zd_generated_at bigint, created_at timestamptz)
        left join accounts a on a.tenant_id = ${tenantId} and a.organization_id = x.organization_id
    ),
    up as (
      insert into tickets (tenant_id, id, account_id, organization_id, subject, status, priority,
                           created_at, updated_at, requester_id, zd_status, zd_tags, zd_fields,
                           zd_updated_at, zd_generated_at, needs_recompute)
      select ${tenantId}, x.id, x.account_id, x.organization_id, x.subject, 'new', null,
             x.created_at, x.created_at, x.requester_id, x.zd_status, x.zd_tags, x.zd_fields,
             x.zd_updated_at, x.zd_generated_at, true
        from x
      on conflict (tenant_id, id) do update
        set account_id = excluded.account_id,
            left_account_id = case when tickets.account_id is distinct from excluded.account_id
                                   then tickets.account_id end,
            organization_id = excluded.organization_id,
            subject = coalesce(excluded.subject, tickets.subject),
            requester_id = excluded.requester_id,
            zd_status = excluded.zd_status,
            zd_tags = excluded.zd_tags,
            zd_fields = excluded.zd_fields,
            zd_updated_at = excluded.zd_updated_at,
            zd_generated_at = excluded.zd_generated_at,
            needs_recompute = tickets.needs_recompute
              or tickets.account_id is distinct from excluded.account_id
        where tickets.zd_generated_at is null or tickets.zd_generated_at <= excluded.zd_generated_at
      returning left_account_id, created_at
    ),
    gone as (
      delete from tickets
       where tenant_id = ${tenantId} and id = any(${[...page.deleted]}::bigint[])
      returning account_id, created_at
    ),
    lost as (
      select left_account_id as account, created_at as since from up where left_account_id is not null
      union all
      select account_id, created_at from gone where account_id is not null
    ),
    queued as (
      insert into accounts_to_recompute (tenant_id, account_id, since)
      select ${tenantId}::uuid, account, min(since) from lost group by account
      on conflict (tenant_id, account_id) do update
        set since = least(accounts_to_recompute.since, excluded.since)
    )
    select account, since from lost`.execute(db)
  return r.rows
}

/** The accounts queued by {@link storeExportedTickets}, with the instant to recompute from. */
export function selectAccountsToRecompute(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ account_id: string; since: Date }[]> {
  return db
    .selectFrom('accounts_to_recompute')
    .select(['account_id', 'since'])
    .where('tenant_id', '=', tenantId)
    .orderBy('account_id')
    .execute()
}

/** Takes an account off the queue, unless a ticket lost since asked for an earlier month. */
export async function dequeueAccountToRecompute(
  tx: Kysely<Database>,
  tenantId: string,
  queued: { account_id: string; since: Date },
): Promise<void> {
  await tx
    .deleteFrom('accounts_to_recompute')
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', queued.account_id)
    .where('since', '>=', queued.since)
    .execute()
}

export interface SyncedEventRow {
  ticket_id: number
  event_key: string
  at: string
  seq: number
  type: string
  data: Record<string, unknown>
}

/**
 * Inserts events (a key already stored for its ticket is skipped); a ticket the ticket export
 * has not shown yet gets a placeholder row. Tickets that received a new event are marked for
 * recomputation. With `advance`, the stream moves past the page in the same statement. Returns
 * how many events were new.
 */
export async function insertSyncedEvents(
  db: Kysely<Database>,
  tenantId: string,
  rows: JsonRows<SyncedEventRow>,
  advance?: StreamAdvance,
): Promise<number> {
  // One statement: the new events, then their tickets upserted — a placeholder for a ticket the
  // ticket export has not shown yet, else marked for recomputation. The foreign key is checked
  // at the end of the statement, when the placeholders exist.
  const r = await sql<{ n: number }>`
    with ${advancing(tenantId, advance)}
    x as (
      select * from jsonb_to_recordset(${rows}::jsonb)
        as x(ticket_id bigint, event_key text, at timestamptz, seq int, type text, data jsonb)
    ),
    ins as (
      insert into ticket_events (tenant_id, ticket_id, event_key, at, seq, type, data)
      select ${tenantId}::uuid, x.ticket_id, x.event_key, x.at, x.seq, x.type, x.data from x
      on conflict (tenant_id, ticket_id, event_key) do nothing
      returning ticket_id, at
    ),
    touched as (
      insert into tickets (tenant_id, id, status, created_at, updated_at, needs_recompute)
      select distinct on (ins.ticket_id) ${tenantId}::uuid, ins.ticket_id, 'new', ins.at, ins.at, true
        from ins order by ins.ticket_id, ins.at
      on conflict (tenant_id, id) do update set needs_recompute = true
        where not tickets.needs_recompute
      returning id
    )
    select (select count(*) from ins)::int as n, (select count(*) from touched) as t`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

/** Up to `limit` tickets marked for recomputation. */
export function selectTicketsToRecompute(
  db: Kysely<Database>,
  tenantId: string,
  limit: number,
): Promise<Row<'tickets'>[]> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('needs_recompute', '=', true)
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function clearRecompute(
  tx: Kysely<Database>,
  tenantId: string,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return
  await tx
    .updateTable('tickets')
    .set({ needs_recompute: false })
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`id = any(${[...ids]}::bigint[])`)
    .execute()
}

/** The tenant's synced organizations with their account mapping, by id, after `after`. */
export async function listOrganizations(
  db: Kysely<Database>,
  tenantId: string,
  q: { after?: number; limit: number; search?: string; unmapped?: boolean },
): Promise<ZendeskOrganization[]> {
  const r = await sql<{
    id: number
    name: string
    external_id: string | null
    contract_tier: string | null
    account_id: string | null
    open_tickets: number
  }>`
    select o.id, o.name, o.external_id, o.contract_tier, a.id as account_id,
           (select count(*)::int from tickets t
             where t.tenant_id = o.tenant_id and t.organization_id = o.id
               and t.zd_status in ('new', 'open', 'pending', 'hold')) as open_tickets
      from zendesk_organizations o
      left join accounts a on a.tenant_id = o.tenant_id and a.organization_id = o.id
     where o.tenant_id = ${tenantId} and not o.deleted
       and o.id > ${q.after ?? 0}
       and (${q.search ?? null}::text is null or o.name ilike '%' || ${q.search ?? ''} || '%')
       and (not ${q.unmapped ?? false} or a.id is null)
     order by o.id
     limit ${q.limit}`.execute(db)
  return r.rows.map((x) => ({
    id: Number(x.id),
    name: x.name,
    externalId: x.external_id,
    contractTier: x.contract_tier,
    accountId: x.account_id,
    openTickets: x.open_tickets,
  }))
}
