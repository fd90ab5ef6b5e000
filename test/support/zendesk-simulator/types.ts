/**
 * Wire shapes the simulator serves (Zendesk Support API, per Zendesk's OpenAPI and docs) and the
 * input shapes of its seeding API.
 */

export type Role = 'end-user' | 'agent' | 'admin'
export type Priority = 'low' | 'normal' | 'high' | 'urgent'
export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed'
/** A value Zendesk stores in a custom field: text, number, checkbox, date string, multiselect. */
export type FieldValue = string | number | boolean | string[] | null
export type JsonObject = Record<string, unknown>

export interface WireVia {
  channel: string
  source: { from: JsonObject; to: JsonObject; rel: string | null }
}

export interface WireUser {
  id: number
  url: string
  name: string
  email: string
  created_at: string
  updated_at: string
  time_zone: string
  iana_time_zone: string
  phone: string | null
  shared_phone_number: boolean | null
  photo: JsonObject | null
  locale_id: number
  locale: string
  organization_id: number | null
  role: Role
  verified: boolean
  external_id: string | null
  tags: string[]
  alias: string
  active: boolean
  shared: boolean
  shared_agent: boolean
  last_login_at: string | null
  two_factor_auth_enabled: boolean | null
  signature: string
  details: string
  notes: string
  role_type: number | null
  custom_role_id: number | null
  moderator: boolean
  ticket_restriction: string | null
  only_private_comments: boolean
  restricted_agent: boolean
  suspended: boolean
  report_csv: boolean
  user_fields: JsonObject
}

export interface WireOrganization {
  id: number
  url: string
  name: string
  shared_tickets: boolean
  shared_comments: boolean
  external_id: string | null
  created_at: string
  updated_at: string
  domain_names: string[]
  details: string
  notes: string
  group_id: number | null
  tags: string[]
  organization_fields: JsonObject
}

export interface WireCustomFieldValue {
  id: number
  value: FieldValue
}

export interface WireTicket {
  url: string
  id: number
  external_id: string | null
  via: WireVia
  created_at: string
  updated_at: string
  generated_timestamp: number
  type: string | null
  subject: string
  raw_subject: string
  description: string
  priority: Priority | null
  status: TicketStatus | 'deleted'
  recipient: string | null
  requester_id: number
  submitter_id: number
  assignee_id: number | null
  organization_id: number | null
  group_id: number | null
  collaborator_ids: number[]
  follower_ids: number[]
  email_cc_ids: number[]
  forum_topic_id: number | null
  problem_id: number | null
  has_incidents: boolean
  is_public: boolean
  due_at: string | null
  tags: string[]
  custom_fields: WireCustomFieldValue[]
  fields: WireCustomFieldValue[]
  satisfaction_rating: JsonObject | null
  sharing_agreement_ids: number[]
  followup_ids: number[]
  ticket_form_id: number | null
  brand_id: number | null
  allow_channelback: boolean
  allow_attachments: boolean
  from_messaging_channel: boolean
}

export interface WireChangeEvent {
  id: number
  via: WireVia
  via_reference_id: null
  event_type: 'Change' | 'Create'
  field_name: string
  value: unknown
  previous_value: unknown
  comment_present?: boolean
  comment_public?: boolean
}

export interface WireCommentEvent {
  id: number
  via: WireVia
  via_reference_id: null
  type: 'Comment'
  event_type: 'Comment'
  author_id: number
  body: string
  html_body: string
  public: boolean
  attachments: []
  audit_id: number
  created_at: string
}

export type WireChildEvent = WireChangeEvent | WireCommentEvent

export interface WireTicketEvent {
  id: number
  ticket_id: number
  timestamp: number
  created_at: string
  updater_id: number
  via: WireVia
  event_type: 'Audit'
  child_events: WireChildEvent[]
  /** Only without `include=comment_events`: whether the audit carried a comment. */
  comment_present?: boolean
  comment_public?: boolean
}

export interface FieldOptionInput {
  name: string
  value: string
}

export interface WireFieldOption {
  id: number
  name: string
  raw_name: string
  value: string
  position: number
  default: boolean
}

export interface WireTicketField {
  url: string
  id: number
  type: string
  title: string
  raw_title: string
  description: string
  raw_description: string
  position: number
  active: boolean
  required: boolean
  collapsed_for_agents: boolean
  regexp_for_validation: string | null
  title_in_portal: string
  raw_title_in_portal: string
  visible_in_portal: boolean
  editable_in_portal: boolean
  required_in_portal: boolean
  tag: string | null
  created_at: string
  updated_at: string
  removable: boolean
  key: string | null
  agent_description: string | null
  custom_field_options?: WireFieldOption[]
}

export interface WireOrganizationField {
  url: string
  id: number
  key: string
  type: string
  title: string
  raw_title: string
  description: string
  raw_description: string
  position: number
  active: boolean
  system: boolean
  regexp_for_validation: string | null
  created_at: string
  updated_at: string
  custom_field_options?: WireFieldOption[]
}

// ---------------------------------------------------------------------------------------------
// Seeding inputs (all `at` are epoch ms; default: the simulator clock)

export interface AccountOptions {
  email?: string
  apiToken?: string
  oauthClient?: { id: string; secret: string }
}

export interface UserInput {
  id?: number
  name?: string
  email?: string
  role: Role
  organizationId?: number | null
  tags?: string[]
  at?: number
}

export interface UserPatch {
  name?: string
  email?: string
  role?: Role
  organizationId?: number | null
  tags?: string[]
  at?: number
}

export interface OrganizationInput {
  id?: number
  name: string
  externalId?: string | null
  fields?: Record<string, unknown>
  tags?: string[]
  at?: number
}

export interface OrganizationPatch {
  name?: string
  externalId?: string | null
  fields?: Record<string, unknown>
  tags?: string[]
  at?: number
}

export interface TicketInput {
  id?: number
  requesterId: number
  submitterId?: number
  /** Defaults to the requester's organization; null for none. */
  organizationId?: number | null
  subject: string
  description?: string
  priority?: Priority | null
  status?: 'new' | 'open'
  tags?: string[]
  at?: number
  viaChannel?: string
}

export interface CommentInput {
  authorId: number
  public: boolean
  body?: string
  /** A status change made in the same audit (an agent replying and setting pending). */
  status?: TicketStatus
  at?: number
}

export interface TicketUpdate {
  status?: TicketStatus
  priority?: Priority | null
  /** Replaces the tag list (Zendesk's `tags` semantics). */
  tags?: string[]
  additionalTags?: string[]
  removeTags?: string[]
  customFields?: { id: number; value: FieldValue }[]
  assigneeId?: number | null
  organizationId?: number | null
  comment?: { authorId?: number; public: boolean; body: string }
  at?: number
  /** Default: the account's API user. */
  updaterId?: number
  viaChannel?: string
}

export interface TicketFieldInput {
  id?: number
  type: string
  title: string
  tag?: string | null
  key?: string | null
  description?: string
  customFieldOptions?: FieldOptionInput[]
  at?: number
}

export interface OrganizationFieldInput {
  id?: number
  key: string
  type: string
  title: string
  description?: string
  customFieldOptions?: FieldOptionInput[]
  at?: number
}
