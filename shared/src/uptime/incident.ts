/**
 * Incidents and maintenance windows as the engine sees them (instants in epoch ms). The
 * scenario and the service parse their ISO forms into these.
 */
import type { ExclusionKind, Impact } from '../contract/profile.schema.js'
import type { Rational } from '../money/rational.js'

/** An outage or degradation of service components. */
export interface Incident {
  id: string
  title?: string
  /** Components affected. */
  components: readonly string[]
  /** Regions affected; empty or absent means every region. */
  regions?: readonly string[]
  impact: Impact
  start: number
  /** End instant; `null` while ongoing (counted up to "now"). */
  end: number | null
  /** Observed error rate in percent, for slot rules based on error rate. Major outages count as 100 when absent. */
  errorRatePercent?: Rational
  /** Why the incident may be excluded from downtime, if the contract honours it. */
  exclusion?: ExclusionKind
  /** With `exclusion`: only for these accounts (e.g. the customer who caused it). Absent: all accounts. */
  excludedFor?: readonly string[]
}

/** Planned (or emergency) maintenance of service components. */
export interface Maintenance {
  id: string
  title?: string
  components: readonly string[]
  regions?: readonly string[]
  start: number
  end: number
  /** When customers were told; `null` when they were not. */
  announcedAt: number | null
  /** Emergency work (e.g. a security patch announced immediately) never meets a notice requirement. */
  emergency?: boolean
  /** Impact while the maintenance runs. Default `major` (service unavailable). */
  impact?: Impact
}

/** Whether an incident or maintenance touches an account using `components` in `regions`. */
export function touchesAccount(
  event: { components: readonly string[]; regions?: readonly string[] | undefined },
  components: readonly string[],
  regions: readonly string[] | undefined,
): boolean {
  if (!event.components.some((c) => components.includes(c))) return false
  if (!event.regions || event.regions.length === 0) return true
  if (!regions || regions.length === 0) return true
  return event.regions.some((r) => regions.includes(r))
}
