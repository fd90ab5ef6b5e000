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

export interface Database {
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
  ticket_events: TicketEventsTable
  ticket_clocks: TicketClocksTable
  account_states: AccountStatesTable
}

export type Row<T extends keyof Database> = Selectable<Database[T]>
export type NewRow<T extends keyof Database> = Insertable<Database[T]>
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>
