/**
 * Fault injection. Rules match requests by subdomain, method and path (inside the account,
 * without `.json`) before authentication, so a faulted request leaves state unchanged unless a
 * write is explicitly applied first (`applyThenDrop`). `random()` adds deterministic seeded chaos
 * over the incremental export endpoints.
 */
import { pick, prng, type Random } from './util/prng.js'

export type FaultKind =
  '429' | '500' | '503' | 'timeout' | 'truncated' | 'reset' | 'duplicate-page' | 'reordered'

export interface FaultRule {
  subdomain?: string
  method?: string
  /** Exact path inside the account (e.g. `/api/v2/tickets/update_many`) or a pattern. */
  path: string | RegExp
  kind: FaultKind
  /** How many matching requests to fault (default 1; Infinity for all). */
  times?: number
  /** Chance per matching request (seeded), default 1. */
  probability?: number
  retryAfterSeconds?: number
  /** `timeout`: answer normally after this delay instead of never. */
  delayMs?: number
  /** `timeout`/`reset`/`truncated` on a write: apply it, then drop or cut the response. */
  applyThenDrop?: boolean
}

export interface RandomFaults {
  seed: number
  /** Chance per export request. */
  rate: number
  kinds?: FaultKind[]
  subdomain?: string
}

export interface ActiveFault {
  kind: FaultKind
  retryAfterSeconds: number | undefined
  delayMs: number | undefined
  applyThenDrop: boolean
}

export interface InjectedFault {
  at: number
  subdomain: string
  method: string
  path: string
  query: string
  kind: FaultKind
  source: 'rule' | 'random'
}

interface RequestKey {
  subdomain: string
  method: string
  path: string
  query: string
}

const EXPORT_PREFIX = '/api/v2/incremental/'
const CHAOS_KINDS: FaultKind[] = [
  '429',
  '500',
  '503',
  'truncated',
  'reset',
  'duplicate-page',
  'reordered',
]

export class FaultInjector {
  readonly log: InjectedFault[] = []
  private rules: (FaultRule & { left: number })[] = []
  private chaos: { options: RandomFaults; random: Random } | undefined
  private readonly chance = prng(0x5eed)

  constructor(private readonly clock: () => number) {}

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 })
  }

  /** Seeded chaos over every export endpoint until `clear()`. */
  random(options: RandomFaults): void {
    this.chaos = { options, random: prng(options.seed) }
  }

  clear(): void {
    this.rules = []
    this.chaos = undefined
  }

  /** The fault to inject into this request, if any (consumes one use of the rule). */
  match(request: RequestKey): ActiveFault | undefined {
    for (const rule of this.rules) {
      if (rule.left <= 0 || !matches(rule, request)) continue
      if (rule.probability !== undefined && this.chance() >= rule.probability) continue
      rule.left--
      this.rules = this.rules.filter((r) => r.left > 0)
      return this.inject(request, rule, 'rule')
    }
    const chaos = this.chaos
    if (!chaos || !request.path.startsWith(EXPORT_PREFIX)) return undefined
    if (chaos.options.subdomain !== undefined && chaos.options.subdomain !== request.subdomain) {
      return undefined
    }
    if (chaos.random() >= chaos.options.rate) return undefined
    const kind = pick(chaos.random, chaos.options.kinds ?? CHAOS_KINDS)
    return this.inject(request, { path: request.path, kind, retryAfterSeconds: 1 }, 'random')
  }

  private inject(request: RequestKey, rule: FaultRule, source: 'rule' | 'random'): ActiveFault {
    this.log.push({ at: this.clock(), ...request, kind: rule.kind, source })
    return {
      kind: rule.kind,
      retryAfterSeconds: rule.retryAfterSeconds,
      delayMs: rule.delayMs,
      applyThenDrop: rule.applyThenDrop ?? false,
    }
  }
}

function matches(rule: FaultRule, request: RequestKey): boolean {
  if (rule.subdomain !== undefined && rule.subdomain !== request.subdomain) return false
  if (rule.method !== undefined && rule.method.toUpperCase() !== request.method) return false
  return typeof rule.path === 'string' ? rule.path === request.path : rule.path.test(request.path)
}
