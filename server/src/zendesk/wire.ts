/**
 * Zendesk's JSON exactly as it travels over the wire (snake_case, Zendesk's nullability), kept apart
 * from the domain types: mapping from these to tickets, accounts and events happens elsewhere, in
 * one place, so a Zendesk quirk never leaks into the engine.
 *
 * Field names were checked against Zendesk's Support API OpenAPI description (OAS; see
 * `shared/reference/zendesk-oas`). Only the fields the tracker reads are typed; Zendesk sends more,
 * so objects whose extra keys matter carry an index signature. Where the OAS is silent or wrong the
 * comment says so.
 */

/** `via` — how a ticket or event was created (OAS `ViaObject`; `channel` may be a name or an id). */
export interface WireVia {
  channel: string | number
  source?: { from?: Record<string, unknown>; to?: Record<string, unknown>; rel?: string | null }
}

/** One custom field value on a ticket (OAS `TicketFieldValueInput`). */
export interface WireCustomFieldValue {
  id: number
  value: string | number | boolean | string[] | null
}

export type WireTicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed' | 'deleted'
export type WireTicketPriority = 'urgent' | 'high' | 'normal' | 'low'
export type WireTicketType = 'problem' | 'incident' | 'question' | 'task'

/**
 * A ticket (OAS `TicketObject`, read-side fields). `status: 'deleted'` is not in the OAS enum but
 * the incremental export reports deleted tickets that way (reference §4.3).
 */
export interface WireTicket {
  id: number
  status: WireTicketStatus
  priority: WireTicketPriority | null
  type: WireTicketType | null
  subject: string | null
  requester_id: number | null
  submitter_id: number | null
  assignee_id: number | null
  organization_id: number | null
  group_id: number | null
  /** ISO-8601. */
  created_at: string
  /** ISO-8601; only bumped by updates that generate a ticket event. */
  updated_at: string
  /** Unix seconds; bumped by every update, including system ones. The export compares against this. */
  generated_timestamp: number
  tags: string[]
  custom_fields: WireCustomFieldValue[]
  custom_status_id?: number | null
  brand_id?: number | null
  via?: WireVia
}

/** `GET /api/v2/incremental/tickets/cursor` (OAS `CursorBasedExportIncrementalTicketsResponse`). */
export interface WireTicketCursorPage {
  tickets: WireTicket[]
  after_cursor: string | null
  after_url: string | null
  before_cursor: string | null
  before_url: string | null
  end_of_stream: boolean
}

/**
 * A child event of a ticket event. Deliberately loose: Zendesk's shapes vary by event type.
 * Comment events (with `include=comment_events`) carry `type`/`event_type: 'Comment'`, `author_id`,
 * `public`, `body`. Field changes may carry `field_name`/`value`/`previous_value`, or the field as
 * its own key (`{ "status": "open", "previous_value": "new" }`) — read both.
 */
export interface WireChildEvent {
  id: number
  /** 'Create' | 'Change' | 'Comment' | other strings. */
  event_type?: string
  /** 'Create' | 'Change' | 'Comment' | other strings. */
  type?: string
  field_name?: string
  value?: unknown
  previous_value?: unknown
  author_id?: number
  public?: boolean
  body?: string
  created_at?: string
  via?: WireVia
  [key: string]: unknown
}

/**
 * One item of `GET /api/v2/incremental/ticket_events`. The OAS schema for this response wrongly
 * points at the ticket *metric* event object (`TicketMetricEventBaseObject`); this shape follows
 * Zendesk's docs for the ticket event export instead (UNCONFIRMED against the OAS).
 */
export interface WireTicketEvent {
  id: number
  ticket_id: number
  /** Unix seconds. */
  timestamp: number
  /** ISO-8601. */
  created_at: string
  updater_id: number
  via: WireVia | null
  /** Usually 'Audit'. */
  event_type: string
  child_events: WireChildEvent[]
  merged_ticket_ids?: number[]
  /** Client/location metadata of the update. */
  system?: Record<string, unknown>
}

/** `GET /api/v2/incremental/ticket_events` (OAS `ExportIncrementalTicketEventsResponse`, time-based). */
export interface WireTicketEventsPage {
  ticket_events: WireTicketEvent[]
  count: number
  /** Unix seconds: the next `start_time`. */
  end_time: number
  next_page: string | null
  end_of_stream: boolean
}

/**
 * An organization (OAS `OrganizationObject`). `deleted_at` is not in the OAS object; the
 * incremental export is believed to report deleted organizations with it (UNCONFIRMED).
 */
export interface WireOrganization {
  id: number
  name: string
  external_id: string | null
  domain_names?: string[]
  group_id?: number | null
  tags: string[]
  /** Keyed by organization field `key`. */
  organization_fields: Record<string, unknown>
  created_at: string
  updated_at: string
  deleted_at?: string | null
  url?: string
}

/** `GET /api/v2/incremental/organizations` (OAS `ExportIncrementalOrganizationsResponse`, time-based). */
export interface WireOrganizationsPage {
  organizations: WireOrganization[]
  count: number
  end_time: number
  next_page: string | null
  end_of_stream: boolean
}

/** A user (OAS `UserForAdmin`, read-side subset). */
export interface WireUser {
  id: number
  name: string
  email?: string
  role: 'end-user' | 'agent' | 'admin'
  /** The user's default organization only. */
  organization_id: number | null
  active: boolean
  suspended?: boolean
  time_zone?: string
  iana_time_zone?: string
  tags?: string[]
  user_fields?: Record<string, unknown>
  external_id?: string | null
  created_at?: string
  updated_at: string
}

/** `GET /api/v2/incremental/users/cursor` (OAS `CursorBasedExportIncrementalUsersResponse`). */
export interface WireUsersCursorPage {
  users: WireUser[]
  after_cursor: string | null
  after_url: string | null
  before_cursor: string | null
  before_url: string | null
  end_of_stream: boolean
}

/** A dropdown option (OAS `CustomFieldOptionObject`). */
export interface WireCustomFieldOption {
  id?: number
  name: string
  value: string
}

/** A ticket field (OAS `TicketFieldObject`). */
export interface WireTicketField {
  id: number
  /** e.g. 'subject', 'text', 'tagger', 'date', 'integer', 'checkbox'. */
  type: string
  title: string
  tag?: string | null
  custom_field_options?: WireCustomFieldOption[]
  active: boolean
}

/** An organization field definition (OAS `OrganizationFieldObject` = `CustomFieldObject`). */
export interface WireOrganizationField {
  id: number
  /** The key under `organization_fields` on an organization. */
  key: string
  type: string
  title: string
  tag?: string
  custom_field_options?: WireCustomFieldOption[]
  active: boolean
}

/**
 * A webhook. The Webhooks API is not part of the Support API OAS; fields follow Zendesk's
 * Webhooks reference (reference §3.3). Ids are strings (ULIDs).
 */
export interface WireWebhook {
  id: string
  name: string
  status: 'active' | 'inactive'
  endpoint: string
  http_method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  request_format: 'json' | 'xml' | 'form_encoded'
  subscriptions: string[]
  description?: string
  authentication?: Record<string, unknown>
  custom_headers?: Record<string, string>
  external_source?: Record<string, unknown>
  created_at?: string
  created_by?: string
  updated_at?: string
  updated_by?: string
}

/** The body of a webhook create or full update (`{ "webhook": … }`). */
export type WireWebhookInput = Omit<
  WireWebhook,
  'id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'external_source'
> & { signing_secret?: { algorithm: string; secret: string } }

/** `GET /api/v2/webhooks/{id}/signing_secret`. */
export interface WireWebhookSigningSecret {
  signing_secret: { algorithm: string; secret: string }
}

/** A trigger condition (OAS `TriggerConditionObject`). */
export interface WireCondition {
  field: string
  operator: string
  value?: string | number | (string | number)[]
}

/** A trigger action (OAS `TriggerActionObject`), e.g. `notification_webhook` with `[id, body]`. */
export interface WireAction {
  field: string
  value: string | number | (string | number)[]
}

/** A ticket trigger (OAS `TriggerObject`). */
export interface WireTrigger {
  id: number
  title: string
  active: boolean
  position?: number
  conditions: { all: WireCondition[] | null; any: WireCondition[] | null }
  actions: WireAction[]
  category_id?: string | null
  description?: string | null
  created_at?: string
  updated_at?: string
}

/** The body of a trigger create or full update (`{ "trigger": … }`). */
export type WireTriggerInput = Omit<WireTrigger, 'id' | 'created_at' | 'updated_at'>

/**
 * One item of `PUT /api/v2/tickets/update_many` with `{ "tickets": [...] }` (OAS
 * `TicketsUpdateRequest`, at most 100). `safe_update` + `updated_stamp` (the `updated_at` last read)
 * make Zendesk refuse a ticket that changed since (409 for a single update; a failed item result
 * in a job — the exact per-item error text is UNCONFIRMED).
 */
export interface WireTicketUpdate {
  id: number
  additional_tags?: string[]
  remove_tags?: string[]
  custom_fields?: WireCustomFieldValue[]
  safe_update?: boolean
  updated_stamp?: string
}

/** One entry of `job_status.results` (OAS `CreateResourceResult` | `UpdateResourceResult` | `FailedResult`). */
export interface WireJobResult {
  id: number
  action?: string
  status?: string
  success?: boolean
  index?: number
  error?: string
  errors?: string | Record<string, unknown>
  details?: string
}

/**
 * A background job (OAS `JobStatusObject`). The OAS lists queued/working/failed/completed;
 * `killed` is documented elsewhere by Zendesk (UNCONFIRMED in the OAS).
 */
export interface WireJobStatus {
  id: string
  url: string
  status: 'queued' | 'working' | 'failed' | 'completed' | 'killed'
  job_type?: string
  total: number | null
  progress: number | null
  message: string | null
  /** The OAS also allows `{ success }` as an object instead of an array. */
  results: WireJobResult[] | { success: boolean } | null
}

/** `POST /oauth/tokens` (OAS `OAuthTokenForGrantTypesObject`). */
export interface WireOAuthTokenResponse {
  access_token: string
  token_type: string
  scope: string
  /** Seconds; absent or null when the token does not expire. */
  expires_in?: number | null
  refresh_token?: string | null
  refresh_token_expires_in?: number | null
}

/** Zendesk's error bodies come in several shapes; the client reads whichever is present. */
export interface WireErrorBody {
  error?: string | { title?: string; message?: string }
  description?: string
  error_description?: string
  errors?: { code?: string; title?: string; detail?: string }[]
  details?: unknown
}
