/**
 * Deterministic demo ticket histories: a fixed-seed generator, relative to "now", so the demo
 * always shows clocks in every state — running, at risk, paused, met, breached — and months with
 * credits owed.
 */
import type { TicketEvent } from '@sla-tracker/shared'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** mulberry32: a tiny fixed-seed PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface DemoTicket {
  id: number
  subject: string
  events: TicketEvent[]
}

const SUBJECTS = [
  'Checkout fails for some customers',
  'API returns 502 on bulk export',
  'Dashboard slow to load',
  'Webhook deliveries delayed',
  'Cannot add a new user',
  'Invoice shows the wrong VAT',
  'SSO login loops',
  'Report totals differ from invoice',
  'How do I rotate API keys?',
  'Feature request: CSV delimiter',
  'Data import stuck at 90%',
  'Mobile app crashes on login',
]

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
/** Rough scale of a tier's first-response target by priority, to draw realistic reply delays (minutes). */
const REPLY_SCALE = [30, 90, 400, 1200]

/**
 * `count` tickets for one account, created over the last `days` days before `now`. `tierSpeed`
 * scales reply delays (1 = starter, smaller = faster tiers); ids start at `firstId`.
 */
export function demoTickets(
  rand: () => number,
  firstId: number,
  count: number,
  now: number,
  tierSpeed: number,
  days = 40,
): DemoTicket[] {
  const out: DemoTicket[] = []
  for (let i = 0; i < count; i++) {
    const pIndex = Math.min(3, Math.floor(rand() * rand() * 4.5))
    const priority = PRIORITIES[pIndex]!
    // Newer tickets are more likely: square the uniform draw.
    const age = Math.floor(rand() * rand() * days * DAY)
    const created = Math.floor((now - age - 10 * MIN) / MIN) * MIN
    const events: TicketEvent[] = [{ type: 'created', at: created, status: 'new', priority }]
    let at = created
    const push = (e: TicketEvent) => {
      if (e.at <= now) events.push(e)
    }
    const scale = REPLY_SCALE[pIndex]! * tierSpeed
    // First reply: usually on time, sometimes late, sometimes not yet.
    const lateness = rand()
    const firstReplyAfter =
      Math.max(1, Math.round(scale * (lateness < 0.7 ? rand() * 0.9 : 0.9 + rand() * 2.5))) * MIN
    at += firstReplyAfter
    if (at > now) {
      out.push({ id: firstId + i, subject: SUBJECTS[(firstId + i) % SUBJECTS.length]!, events })
      continue
    }
    if (rand() < 0.2) push({ type: 'internal-note', at: at - Math.floor(firstReplyAfter / 2) })
    push({ type: 'agent-reply', at })
    push({ type: 'status-changed', at, status: 'open' })
    const turns = Math.floor(rand() * 4)
    for (let k = 0; k < turns && at < now; k++) {
      if (rand() < 0.5) {
        push({ type: 'status-changed', at, status: 'pending' })
        at += Math.round((1 + rand() * 30) * HOUR)
        push({ type: 'end-user-comment', at })
        push({ type: 'status-changed', at, status: 'open' })
      } else {
        at += Math.round((0.2 + rand() * 6) * HOUR)
        push({ type: 'end-user-comment', at })
      }
      at += Math.round(scale * (0.3 + rand() * 1.5)) * MIN
      push({ type: 'agent-reply', at })
      if (rand() < 0.15) {
        push({ type: 'priority-changed', at, priority: PRIORITIES[Math.max(0, pIndex - 1)]! })
      }
      if (rand() < 0.1) {
        push({ type: 'status-changed', at, status: 'hold' })
        at += Math.round((2 + rand() * 20) * HOUR)
        push({ type: 'status-changed', at, status: 'open' })
      }
    }
    // Older tickets are mostly solved; some were reopened.
    if (age > 2 * DAY && rand() < 0.85) {
      at += Math.round((0.5 + rand() * 24) * HOUR)
      push({ type: 'solved', at })
      if (rand() < 0.08) {
        at += Math.round((1 + rand() * 48) * HOUR)
        push({ type: 'reopened', at, status: 'open' })
        push({ type: 'end-user-comment', at })
      }
    } else if (rand() < 0.3) {
      push({ type: 'status-changed', at, status: 'pending' })
    }
    out.push({ id: firstId + i, subject: SUBJECTS[(firstId + i) % SUBJECTS.length]!, events })
  }
  return out
}
