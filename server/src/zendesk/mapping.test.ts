import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { authorsOf, eventsOfAudit, roleOfZendesk, type AuditLike } from './mapping.js'

const AGENT = 7
const REQUESTER = 100
const roles = new Map<number, 'agent' | 'end-user'>([
  [AGENT, 'agent'],
  [REQUESTER, 'end-user'],
])
const roleOf = (id: number) => roles.get(id)
const T = '2026-03-02T14:00:00Z'
const at = Date.parse(T)

function audit(children: AuditLike['child_events'], extra: Partial<AuditLike> = {}): AuditLike {
  return {
    id: 500,
    ticket_id: 42,
    created_at: T,
    timestamp: at / 1000,
    updater_id: REQUESTER,
    event_type: 'Audit',
    child_events: children,
    ...extra,
  }
}

describe('eventsOfAudit', () => {
  it('maps a Create audit to one "created" event with status, priority and creator; the description is not a comment', () => {
    const events = eventsOfAudit(
      audit([
        { id: 1, event_type: 'Create', field_name: 'status', value: 'new' },
        { id: 2, event_type: 'Create', field_name: 'priority', value: 'high' },
        { id: 3, event_type: 'Create', field_name: 'subject', value: 'Down' },
        { id: 4, event_type: 'Comment', type: 'Comment', author_id: REQUESTER, public: true },
      ]),
      roleOf,
    )
    expect(events).toEqual([
      {
        key: 'zd:500:created',
        event: { type: 'created', at, status: 'new', priority: 'high', by: 'end-user' },
      },
    ])
  })

  it('records a ticket an agent opened on behalf of a customer as created by an agent', () => {
    const [e] = eventsOfAudit(
      audit([
        { id: 1, event_type: 'Create', field_name: 'status', value: 'open' },
        { id: 4, event_type: 'Comment', author_id: AGENT, public: true },
      ]),
      roleOf,
    )
    expect(e?.event).toMatchObject({ type: 'created', by: 'agent', status: 'open' })
  })

  it('tells agent replies, internal notes and end-user comments apart by visibility and role', () => {
    const events = eventsOfAudit(
      audit([
        { id: 10, event_type: 'Comment', author_id: AGENT, public: true },
        { id: 11, event_type: 'Comment', author_id: AGENT, public: false },
        { id: 12, event_type: 'Comment', author_id: REQUESTER, public: true },
        { id: 13, event_type: 'Comment', author_id: 999, public: true },
      ]),
      roleOf,
    )
    expect(events.map((e) => [e.key, e.event.type])).toEqual([
      ['zd:c10', 'agent-reply'],
      ['zd:c11', 'internal-note'],
      ['zd:c12', 'end-user-comment'],
      // An author still unknown counts as an end user: never a reply by mistake.
      ['zd:c13', 'end-user-comment'],
    ])
  })

  it('orders a reply that solves the ticket before the solve, and a reopen before the reply to it', () => {
    const solving = eventsOfAudit(
      audit(
        [
          {
            id: 20,
            event_type: 'Change',
            field_name: 'status',
            value: 'solved',
            previous_value: 'open',
          },
          { id: 21, event_type: 'Comment', author_id: AGENT, public: true },
        ],
        { updater_id: AGENT },
      ),
      roleOf,
    )
    expect(solving.map((e) => e.event.type)).toEqual(['agent-reply', 'solved'])
    const reopening = eventsOfAudit(
      audit([
        { id: 22, event_type: 'Comment', author_id: REQUESTER, public: true },
        {
          id: 23,
          event_type: 'Change',
          field_name: 'status',
          value: 'open',
          previous_value: 'solved',
        },
      ]),
      roleOf,
    )
    expect(reopening.map((e) => e.event)).toEqual([
      { type: 'reopened', at, status: 'open' },
      { type: 'end-user-comment', at },
    ])
  })

  it('reads status and priority changes in both spellings, and drops solved → closed', () => {
    const events = eventsOfAudit(
      audit([
        { id: 30, event_type: 'Change', status: 'pending', previous_value: 'open' },
        {
          id: 31,
          event_type: 'Change',
          field_name: 'priority',
          value: 'urgent',
          previous_value: 'high',
        },
      ]),
      roleOf,
    )
    expect(events.map((e) => e.event)).toEqual([
      { type: 'status-changed', at, status: 'pending' },
      { type: 'priority-changed', at, priority: 'urgent' },
    ])
    const closing = eventsOfAudit(
      audit([
        {
          id: 32,
          event_type: 'Change',
          field_name: 'status',
          value: 'closed',
          previous_value: 'solved',
        },
      ]),
      roleOf,
    )
    expect(closing).toEqual([])
  })

  it('produces nothing for tag and custom-field changes (our own write-back never becomes work)', () => {
    const events = eventsOfAudit(
      audit(
        [
          {
            id: 40,
            event_type: 'Change',
            field_name: 'tags',
            value: ['sla_state_at_risk'],
            previous_value: [],
          },
          {
            id: 41,
            event_type: 'Change',
            field_name: '360001',
            value: 'sla_state_at_risk',
            previous_value: null,
          },
        ],
        { updater_id: AGENT },
      ),
      roleOf,
    )
    expect(events).toEqual([])
  })

  it('skips an audit without a readable instant', () => {
    expect(eventsOfAudit({ id: 1, ticket_id: 1, child_events: [] }, roleOf)).toEqual([])
  })

  it('lists the authors whose roles matter', () => {
    expect(
      authorsOf(
        audit([{ event_type: 'Comment', author_id: AGENT, public: true }], {
          updater_id: REQUESTER,
        }),
      ).sort((x, y) => x - y),
    ).toEqual([AGENT, REQUESTER])
    expect(roleOfZendesk('admin')).toBe('agent')
    expect(roleOfZendesk('end-user')).toBe('end-user')
    expect(roleOfZendesk(undefined)).toBe('end-user')
  })

  it('is deterministic and gives every event of an audit a distinct key (property)', () => {
    const child = fc.oneof(
      fc.record({
        id: fc.integer({ min: 1, max: 1e9 }),
        event_type: fc.constant('Comment'),
        author_id: fc.constantFrom(AGENT, REQUESTER, 5),
        public: fc.boolean(),
      }),
      fc.record({
        id: fc.integer({ min: 1, max: 1e9 }),
        event_type: fc.constantFrom('Change', 'Create'),
        field_name: fc.constantFrom('status', 'priority', 'tags'),
        value: fc.constantFrom(
          'new',
          'open',
          'pending',
          'hold',
          'solved',
          'closed',
          'high',
          'low',
          null,
        ),
        previous_value: fc.constantFrom('open', 'solved', 'closed', null),
      }),
    )
    fc.assert(
      fc.property(fc.uniqueArray(child, { selector: (c) => c.id, maxLength: 8 }), (children) => {
        const a = audit(children)
        const one = eventsOfAudit(a, roleOf)
        expect(eventsOfAudit(a, roleOf)).toEqual(one)
        expect(new Set(one.map((e) => e.key)).size).toBe(one.length)
        for (const e of one) expect(e.event.at).toBe(at)
      }),
    )
  })
})
