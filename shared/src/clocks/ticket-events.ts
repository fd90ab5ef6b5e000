/**
 * Ticket events as the clock engine sees them (instants in epoch ms), and their validation.
 */
import { issue, joinPath, type ValidationIssue } from '../validation/issues.js'
import type { TicketStatus } from '../contract/profile.schema.js'

/** Who created a ticket: a customer (starts first response) or an agent (outbound; first response starts at the customer's first comment). */
export type Creator = 'end-user' | 'agent'

export type TicketEvent =
  | { type: 'created'; at: number; status?: TicketStatus; priority?: string | null; by?: Creator }
  | { type: 'status-changed'; at: number; status: TicketStatus }
  | { type: 'priority-changed'; at: number; priority: string | null }
  /** A public comment by an agent. */
  | { type: 'agent-reply'; at: number }
  /** A private comment: never satisfies a reply metric. */
  | { type: 'internal-note'; at: number }
  /** A public comment by the requester or another end user. */
  | { type: 'end-user-comment'; at: number }
  | { type: 'solved'; at: number }
  | { type: 'reopened'; at: number; status?: TicketStatus }

export type TicketEventType = TicketEvent['type']

export const TICKET_EVENT_TYPES: readonly TicketEventType[] = [
  'created',
  'status-changed',
  'priority-changed',
  'agent-reply',
  'internal-note',
  'end-user-comment',
  'solved',
  'reopened',
]

/**
 * Checks the order and coherence of a ticket's events: exactly one `created`, first; instants
 * in non-decreasing order; none after `now`. Returns every problem with its index.
 */
export function validateEventOrder(
  events: readonly TicketEvent[],
  now: number,
  path = 'events',
): ValidationIssue[] {
  const out: ValidationIssue[] = []
  if (events.length === 0)
    return [issue(path, 'min-items', 'a ticket needs at least its "created" event')]
  if (events[0]!.type !== 'created')
    out.push(issue(joinPath(path, 0, 'type'), 'order', 'the first event must be "created"'))
  events.forEach((e, i) => {
    if (i > 0 && e.type === 'created')
      out.push(issue(joinPath(path, i, 'type'), 'order', 'a ticket is created only once'))
    if (i > 0 && e.at < events[i - 1]!.at)
      out.push(
        issue(
          joinPath(path, i, 'at'),
          'order',
          'events must be in time order (this one is earlier than the one before)',
        ),
      )
    if (e.at > now) out.push(issue(joinPath(path, i, 'at'), 'future', 'is after "now"'))
  })
  return out
}
