/**
 * From Zendesk's wire shapes to the engine's ticket events. Pure: the sync feeds it an audit from
 * the incremental ticket-events export (with comment events) and a way to know each author's
 * role; it returns the events the clocks care about, each with a stable key so a re-delivered
 * audit (exports repeat items across pages) is stored once.
 *
 * What counts (DESIGN.md, "Ticket clocks"):
 * - the `Create` audit → `created` with its status, priority and who created it (end user or agent);
 *   its comment is the ticket's description, not a further comment;
 * - a status change → `solved`, `reopened` (from solved or closed), or `status-changed`;
 *   solved → closed changes nothing the clocks measure and is dropped;
 * - a priority change → `priority-changed`;
 * - a comment → `agent-reply` (public, by an agent or admin), `internal-note` (private), or
 *   `end-user-comment` (public, by an end user);
 * - anything else (tags, custom fields, assignee…) → nothing. In particular our own write-back
 *   (tags and our fields) never produces an event: no trigger loop through the clocks.
 *
 * Field-change child events come in two spellings in Zendesk material: `{ field_name, value,
 * previous_value }` (audits API) and `{ <field>: value, previous_value }` (incremental export
 * examples); both are read.
 */
import type { TicketEvent, TicketStatus } from '@sla-tracker/shared'
import { TICKET_STATUSES } from '@sla-tracker/shared'

/** The parts of an export audit this module reads. */
export interface AuditLike {
  id: number
  ticket_id: number
  /** Unix seconds. */
  timestamp?: number
  created_at?: string
  updater_id?: number | null
  event_type?: string
  child_events?: readonly ChildLike[]
}

export interface ChildLike {
  id?: number
  event_type?: string
  type?: string
  field_name?: string
  value?: unknown
  previous_value?: unknown
  author_id?: number | null
  public?: boolean
  comment_present?: boolean
  comment_public?: boolean
  created_at?: string
  [key: string]: unknown
}

export type AuthorRole = 'end-user' | 'agent'

/** An engine event with its key at the source. */
export interface KeyedEvent {
  key: string
  event: TicketEvent
}

const STATUS_SET: ReadonlySet<string> = new Set(TICKET_STATUSES)
const CLOSED: ReadonlySet<string> = new Set(['solved', 'closed'])

function kindOf(c: ChildLike): string {
  return String(c.event_type ?? c.type ?? '')
}

/** The field a Create/Change child event sets, and its new and previous values. */
function fieldChange(
  c: ChildLike,
): { field: string; value: unknown; previous: unknown } | undefined {
  if (typeof c.field_name === 'string')
    return { field: c.field_name, value: c.value, previous: c.previous_value }
  for (const field of ['status', 'priority'] as const)
    if (field in c) return { field, value: c[field], previous: c.previous_value }
  return undefined
}

function asStatus(v: unknown): TicketStatus | undefined {
  return typeof v === 'string' && STATUS_SET.has(v) ? (v as TicketStatus) : undefined
}

function asPriority(v: unknown): string | null | undefined {
  if (v === null || v === '' || v === undefined) return v === undefined ? undefined : null
  return typeof v === 'string' ? v : undefined
}

/** The instant of an audit (epoch ms), or undefined when it has none that parses. */
export function auditInstant(a: AuditLike): number | undefined {
  if (typeof a.created_at === 'string') {
    const t = Date.parse(a.created_at)
    if (Number.isFinite(t)) return t
  }
  if (typeof a.timestamp === 'number' && Number.isFinite(a.timestamp)) return a.timestamp * 1000
  return undefined
}

/** Every author whose role the audit's events depend on (comment authors and the updater). */
export function authorsOf(a: AuditLike): number[] {
  const ids = new Set<number>()
  if (typeof a.updater_id === 'number' && a.updater_id > 0) ids.add(a.updater_id)
  for (const c of a.child_events ?? [])
    if (kindOf(c) === 'Comment' && typeof c.author_id === 'number' && c.author_id > 0)
      ids.add(c.author_id)
  return [...ids]
}

/**
 * The engine events of one audit. `roleOf` answers for an author id (undefined when unknown:
 * an unknown author counts as an end user — it can never satisfy a reply metric by mistake).
 */
export function eventsOfAudit(
  a: AuditLike,
  roleOf: (userId: number) => AuthorRole | undefined,
): KeyedEvent[] {
  const at = auditInstant(a)
  if (at === undefined) return []
  const children = a.child_events ?? []
  const role = (id: number | null | undefined): AuthorRole =>
    (typeof id === 'number' ? roleOf(id) : undefined) ?? 'end-user'
  const isCreate = children.some((c) => kindOf(c) === 'Create')
  const out: KeyedEvent[] = []

  if (isCreate) {
    let status: TicketStatus | undefined
    let priority: string | null | undefined
    let by: AuthorRole = role(a.updater_id)
    for (const c of children) {
      const k = kindOf(c)
      if (k === 'Comment') by = role(c.author_id)
      if (k !== 'Create') continue
      const f = fieldChange(c)
      if (f?.field === 'status') status = asStatus(f.value) ?? status
      if (f?.field === 'priority') priority = asPriority(f.value)
    }
    out.push({
      key: `zd:${a.id}:created`,
      event: {
        type: 'created',
        at,
        ...(status !== undefined ? { status } : {}),
        ...(priority !== undefined ? { priority } : {}),
        by,
      },
    })
    // A ticket created already solved (rare: imports) is solved at once.
    if (status === 'solved' || status === 'closed')
      out.push({ key: `zd:${a.id}:status`, event: { type: 'solved', at } })
    return out
  }

  // Reopening and other status changes first, then comments, then solving: a reply that solves
  // the ticket is a reply before the ticket is solved; an end user's reply to a solved ticket
  // reopens it first.
  // An audit sets each field once; should one list a field twice, its last value wins.
  let statusEvent: KeyedEvent | undefined
  let priorityEvent: KeyedEvent | undefined
  let solve: KeyedEvent | undefined
  const comments: KeyedEvent[] = []
  for (const c of children) {
    const k = kindOf(c)
    if (k === 'Comment') {
      const pub = c.public ?? c.comment_public
      if (pub === undefined && c.comment_present !== true && c.author_id === undefined) continue
      const id = c.id ?? a.id
      const type =
        pub === false
          ? 'internal-note'
          : role(c.author_id ?? a.updater_id) === 'agent'
            ? 'agent-reply'
            : 'end-user-comment'
      comments.push({ key: `zd:c${id}`, event: { type, at } })
      continue
    }
    if (k !== 'Change') continue
    const f = fieldChange(c)
    if (!f) continue
    if (f.field === 'priority') {
      const p = asPriority(f.value)
      if (p !== undefined)
        priorityEvent = {
          key: `zd:${a.id}:priority`,
          event: { type: 'priority-changed', at, priority: p },
        }
    } else if (f.field === 'status') {
      const to = asStatus(f.value)
      const from = typeof f.previous === 'string' ? f.previous : undefined
      if (to === undefined) continue
      const key = `zd:${a.id}:status`
      statusEvent = undefined
      solve = undefined
      if (to === 'solved') solve = { key, event: { type: 'solved', at } }
      else if (to === 'closed') {
        if (from === undefined || !CLOSED.has(from)) solve = { key, event: { type: 'solved', at } }
      } else if (from !== undefined && CLOSED.has(from))
        statusEvent = { key, event: { type: 'reopened', at, status: to } }
      else statusEvent = { key, event: { type: 'status-changed', at, status: to } }
    }
  }
  return [
    ...(statusEvent ? [statusEvent] : []),
    ...(priorityEvent ? [priorityEvent] : []),
    ...comments,
    ...(solve ? [solve] : []),
  ]
}

/** Zendesk roles → ours: agents and admins answer for the vendor. */
export function roleOfZendesk(role: string | null | undefined): AuthorRole {
  return role === 'agent' || role === 'admin' ? 'agent' : 'end-user'
}
