/**
 * Row types of every table, as Kysely sees them. Repositories derive their selects and inserts
 * from these; services map rows to domain objects.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/** A `timestamptz`: read as a Date, written as a Date or ISO text. */
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A column with a database default. */
type Defaulted<T> = ColumnType<T, T | undefined, T>
/** A `jsonb` column of a given shape. */
type Json<T> = ColumnType<T, T | string, T | string>

export interface TenantsTable {
  id: Generated<string>
  subdomain: string
  name: string
  jwt_secret_enc: string
  registry_revision: Defaulted<number>
  created_at: Defaulted<Date>
}

export interface ApiTokensTable {
  id: string
  tenant_id: string
  name: string
  scope: 'read' | 'admin'
  secret_hash: string
  created_at: Defaulted<Date>
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface CalendarsTable {
  tenant_id: string
  id: string
  name: string | null
  revision: Defaulted<number>
  created_at: Defaulted<Date>
  updated_at: Defaulted<Date>
}

export interface CalendarVersionsTable {
  tenant_id: string
  calendar_id: string
  version: number
  effective_from: string | null
  definition: Json<unknown>
  created_at: Defaulted<Date>
}

export interface TiersTable {
  tenant_id: string
  id: string
  name: string | null
  revision: Defaulted<number>
  created_at: Defaulted<Date>
  updated_at: Defaulted<Date>
}

export interface TierVersionsTable {
  tenant_id: string
  tier_id: string
  version: number
  effective_from: string | null
  profile: Json<unknown>
  created_at: Defaulted<Date>
}

export interface AccountsTable {
  tenant_id: string
  id: string
  name: string
  organization_id: number | null
  time_zone: Defaulted<string>
  components: Json<string[]>
  regions: Json<string[]>
  csm: string | null
  renewal_date: string | null
  revision: Defaulted<number>
  created_at: Defaulted<Date>
  updated_at: Defaulted<Date>
}

export interface AccountContractVersionsTable {
  tenant_id: string
  account_id: string
  version: number
  effective_from: string | null
  tier_id: string
  monthly_fee_minor: number
  currency: string
  component_fees: Json<Record<string, number>>
  overrides: Json<Record<string, unknown>> | null
  created_at: Defaulted<Date>
}

export interface AuditLogTable {
  id: Generated<number>
  tenant_id: string
  at: Timestamp
  actor: string
  action: string
  entity: string
  entity_id: string
  before: Json<unknown> | null
  after: Json<unknown> | null
}

export interface IncidentsTable {
  tenant_id: string
  id: string
  title: string | null
  components: Json<string[]>
  regions: Json<string[]>
  impact: string
  start_at: Timestamp
  end_at: Timestamp | null
  error_rate_percent: string | null
  exclusion: string | null
  excluded_for: Json<string[]>
  revision: Defaulted<number>
  created_at: Defaulted<Date>
  updated_at: Defaulted<Date>
}

export interface MaintenanceWindowsTable {
  tenant_id: string
  id: string
  title: string | null
  components: Json<string[]>
  regions: Json<string[]>
  impact: Defaulted<string>
  start_at: Timestamp
  end_at: Timestamp
  announced_at: Timestamp | null
  emergency: Defaulted<boolean>
  revision: Defaulted<number>
  created_at: Defaulted<Date>
  updated_at: Defaulted<Date>
}

export interface TicketsTable {
  tenant_id: string
  id: number
  account_id: string | null
  organization_id: number | null
  subject: string | null
  status: string
  priority: string | null
  created_at: Timestamp
  updated_at: Timestamp
  recomputed_at: Timestamp | null
  /** The Zendesk side, as last exported (null for tickets that did not come from Zendesk). */
  requester_id: Defaulted<number | null>
  zd_status: Defaulted<string | null>
  zd_tags: ColumnType<
    string[] | null,
    string[] | string | null | undefined,
    string[] | string | null
  >
  zd_fields: ColumnType<
    Record<string, unknown> | null,
    Record<string, unknown> | string | null | undefined,
    Record<string, unknown> | string | null
  >
  zd_updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  zd_generated_at: Defaulted<number | null>
  /** Set by the sync when the ticket's events or mapping changed; cleared by recomputation. */
  needs_recompute: Defaulted<boolean>
  /** The account the ticket left at its latest export upsert (null when it stayed). */
  left_account_id: Defaulted<string | null>
}

/** Accounts that lost a ticket to the sync, waiting for their months to be recomputed. */
export interface AccountsToRecomputeTable {
  tenant_id: string
  account_id: string
  /** The earliest creation instant of a ticket the account lost. */
  since: Timestamp
}

export interface TicketEventsTable {
  tenant_id: string
  ticket_id: number
  /** Identifies the event at its source (e.g. a Zendesk audit event id); a duplicate is ignored. */
  event_key: string
  at: Timestamp
  /** Order of events at the same instant, as delivered. */
  seq: number
  type: string
  data: Json<Record<string, unknown>>
}

export interface TicketClocksTable {
  tenant_id: string
  ticket_id: number
  metric: string
  cycle: number
  account_id: string
  state: string
  active: boolean
  due_at: Timestamp | null
  breached_at: Timestamp | null
  warning_level: number
  report: Json<unknown>
}

export interface AccountStatesTable {
  tenant_id: string
  account_id: string
  month: string
  tier_id: string | null
  budget_status: string | null
  worst_budget_percent: string | null
  credit_minor: Defaulted<number>
  currency: string | null
  flags: Json<string[]>
  state: Json<unknown>
  /** What the sidebar shows of the month (see migration 0003); `null` on rows from before it. */
  sidebar: ColumnType<unknown, unknown, unknown> | null
  computed_at: Timestamp
}

export interface ZendeskConnectionsTable {
  tenant_id: string
  subdomain: string
  base_url: string | null
  auth_kind: 'api-token' | 'oauth'
  email: string | null
  credentials_enc: string
  token_expires_at: Timestamp | null
  status: Defaulted<'unchecked' | 'ok' | 'failed'>
  checked_at: Timestamp | null
  check_error: string | null
  integration_user_id: number | null
  zendesk_account_id: string | null
  webhook_id: string | null
  webhook_secret_enc: string | null
  notify_trigger_id: number | null
  field_ids: ColumnType<
    ZendeskFieldIds,
    ZendeskFieldIds | string | undefined,
    ZendeskFieldIds | string
  >
  sync_enabled: Defaulted<boolean>
  writeback_enabled: Defaulted<boolean>
  sync_start_at: Timestamp
  revision: Defaulted<number>
  created_at: Defaulted<Date>
  updated_at: Defaulted<Date>
}

/** Ids of our ticket fields in a tenant's Zendesk (found at setup, or set by the admin). */
export interface ZendeskFieldIds {
  state?: number
  nextDue?: number
  tier?: number
  creditExposure?: number
}

export interface ZendeskOauthStatesTable {
  state: string
  tenant_id: string
  subdomain: string
  code_verifier: string
  redirect_uri: string
  expires_at: Timestamp
}

export interface ZendeskSyncStateTable {
  tenant_id: string
  requested_at: Timestamp | null
  next_run_at: Timestamp | null
  running_since: Timestamp | null
  running_instance: string | null
  last_started_at: Timestamp | null
  last_finished_at: Timestamp | null
  last_items: number | null
  last_duration_ms: number | null
  last_error: string | null
  last_error_at: Timestamp | null
  consecutive_failures: Defaulted<number>
}

export type SyncStream = 'users' | 'organizations' | 'tickets' | 'ticket_events'

export interface ZendeskSyncStreamsTable {
  tenant_id: string
  stream: SyncStream
  cursor: string | null
  start_time: number | null
  end_of_stream: Defaulted<boolean>
  items_total: Defaulted<number>
  pages_total: Defaulted<number>
  last_page_at: Timestamp | null
  position_at: Timestamp | null
}

export interface ZendeskUsersTable {
  tenant_id: string
  id: number
  name: string | null
  role: string
  organization_id: number | null
  updated_at: Timestamp | null
}

export interface ZendeskOrganizationsTable {
  tenant_id: string
  id: number
  name: string
  external_id: string | null
  contract_tier: string | null
  tier_sent: Defaulted<string | null>
  tier_sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  deleted: Defaulted<boolean>
  updated_at: Timestamp | null
}

export interface ZendeskWritebackTable {
  tenant_id: string
  ticket_id: number
  sent: Json<unknown>
  sent_at: Timestamp
  job_id: string | null
  outcome: string
  error: string | null
}

export interface ZendeskWebhookDeliveriesTable {
  tenant_id: string
  invocation_id: string
  webhook_id: string | null
  signed_at: Timestamp
  received_at: Timestamp
  body: Json<unknown>
  processed_at: Timestamp | null
  outcome: string | null
}

export interface Database {
  zendesk_connections: ZendeskConnectionsTable
  zendesk_oauth_states: ZendeskOauthStatesTable
  zendesk_sync_state: ZendeskSyncStateTable
  zendesk_sync_streams: ZendeskSyncStreamsTable
  zendesk_users: ZendeskUsersTable
  zendesk_organizations: ZendeskOrganizationsTable
  zendesk_writeback: ZendeskWritebackTable
  zendesk_webhook_deliveries: ZendeskWebhookDeliveriesTable
  tenants: TenantsTable
  api_tokens: ApiTokensTable
  calendars: CalendarsTable
  calendar_versions: CalendarVersionsTable
  tiers: TiersTable
  tier_versions: TierVersionsTable
  accounts: AccountsTable
  account_contract_versions: AccountContractVersionsTable
  audit_log: AuditLogTable
  incidents: IncidentsTable
  maintenance_windows: MaintenanceWindowsTable
  tickets: TicketsTable
  accounts_to_recompute: AccountsToRecomputeTable
  ticket_events: TicketEventsTable
  ticket_clocks: TicketClocksTable
  account_states: AccountStatesTable
}

export type Row<T extends keyof Database> = Selectable<Database[T]>
export type NewRow<T extends keyof Database> = Insertable<Database[T]>
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>
