/**
 * Deterministic bulk data for recomputation tests: accounts on the five-tier example's tiers in
 * several zones, and tickets with realistic histories (replied on time or late, pending, solved,
 * reopened), all before `now`.
 */
import type { ExampleAccount } from './registry-fixtures.js'

/** mulberry32. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

const TIERS = ['starter', 'growth', 'scale', 'pro', 'enterprise']
const ZONES = ['America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'UTC']
const PRIORITIES = ['urgent', 'high', 'normal', 'low']

export function generatedAccounts(n: number): ExampleAccount[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `acc-${String(i).padStart(3, '0')}`,
    name: `Account ${i}`,
    timeZone: ZONES[i % ZONES.length]!,
    organizationId: 900_000 + i,
    components: ['platform', 'api'],
    contracts: [
      {
        tier: TIERS[i % TIERS.length]!,
        monthlyFee: { amountMinor: 100_000 * (1 + (i % 7)), currency: i % 4 === 0 ? 'EUR' : 'USD' },
      },
    ],
  }))
}

export interface GeneratedTicket {
  id: number
  accountId: string
  subject: string
  events: { key: string; type: string; at: string; [k: string]: unknown }[]
}

const MIN = 60_000

/** `count` tickets spread over the accounts, created in the 40 days before `now`. */
export function generatedTickets(
  accounts: readonly ExampleAccount[],
  count: number,
  now: number,
  seed = 7,
): GeneratedTicket[] {
  const rand = prng(seed)
  const out: GeneratedTicket[] = []
  for (let i = 0; i < count; i++) {
    const id = 100_000 + i
    const account = accounts[i % accounts.length]!
    const created = now - Math.floor(rand() * rand() * 40 * 24 * 60 + 10) * MIN
    const events: GeneratedTicket['events'] = []
    const push = (type: string, at: number, extra: Record<string, unknown> = {}) => {
      if (at <= now)
        events.push({
          key: `${id}-${events.length}`,
          type,
          at: new Date(at).toISOString(),
          ...extra,
        })
    }
    push('created', created, { priority: PRIORITIES[Math.floor(rand() * 4)]!, status: 'new' })
    let at = created + Math.floor(rand() * (rand() < 0.7 ? 240 : 2000) + 1) * MIN
    push('agent-reply', at)
    push('status-changed', at, { status: rand() < 0.4 ? 'pending' : 'open' })
    if (rand() < 0.5) {
      at += Math.floor(rand() * 600 + 5) * MIN
      push('end-user-comment', at)
      push('status-changed', at, { status: 'open' })
      at += Math.floor(rand() * 300 + 5) * MIN
      push('agent-reply', at)
    }
    if (rand() < 0.6) {
      at += Math.floor(rand() * 3000 + 5) * MIN
      push('solved', at)
      if (rand() < 0.1) {
        at += Math.floor(rand() * 1000 + 5) * MIN
        push('reopened', at)
      }
    }
    out.push({ id, accountId: account.id, subject: `Generated ticket ${i}`, events })
  }
  return out
}
