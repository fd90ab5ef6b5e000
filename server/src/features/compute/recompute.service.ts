/**
 * Recomputation of materialized state (ticket clocks and account months) after a change.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'

export interface RecomputeRequest {
  tenantId: string
  /** The accounts whose contracts, tickets or incidents changed; `all` after a tier or calendar change. */
  accountIds: readonly string[] | 'all'
  /** The service clock (epoch ms). */
  now: number
}

/** Recomputes the tickets and months of the given accounts. */
export function recomputeAccounts(
  _db: Kysely<Database>,
  _request: RecomputeRequest,
): Promise<void> {
  return Promise.resolve()
}
