/**
 * How every registry change runs: one transaction that first takes the tenant's registry lock,
 * does its checks and writes, appends its audit entries, bumps the registry revision (unless it
 * wrote nothing), commits, and only then asks for the affected accounts to be recomputed.
 */
import type { Kysely, Transaction } from 'kysely'
import type { ValidationIssue } from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import { Conflict, InvalidInput } from '../../errors.js'
import { recomputeAccounts } from '../compute/recompute.service.js'
import { bumpRegistryRevision, lockRegistry } from './registry.repository.js'

/** Who changes the registry, and when. */
export interface RegistryActor {
  tenantId: string
  /** For the audit log: `token:<id>`. */
  actor: string
  /** The service clock (epoch ms). */
  now: number
}

export interface RegistryDeps {
  db: Kysely<Database>
  /** Told when recomputation after a committed change fails (the change stays committed). */
  onRecomputeError?: (err: unknown) => void
}

/** Accounts to recompute after the commit: all of them, some, or none. */
export type Recompute = 'all' | readonly string[] | null

export interface WriteOutcome<T> {
  value: T
  recompute: Recompute
  /** Nothing was written (a no-op): the registry revision stays. */
  unchanged?: boolean
}

export async function writeRegistry<T>(
  deps: RegistryDeps,
  who: RegistryActor,
  work: (tx: Transaction<Database>, nextRevision: number) => Promise<WriteOutcome<T>>,
): Promise<T> {
  let outcome: WriteOutcome<T>
  try {
    outcome = await deps.db.transaction().execute(async (tx) => {
      const revision = await lockRegistry(tx, who.tenantId)
      const out = await work(tx, revision + 1)
      if (!out.unchanged) await bumpRegistryRevision(tx, who.tenantId)
      return out
    })
  } catch (err) {
    // Writers serialize on the registry lock and check first, so this is a writer that bypassed
    // it (e.g. a seed); still a conflict, not a server error.
    if (isUniqueViolation(err))
      throw new Conflict('a concurrent change created the same id or organization; retry')
    throw err
  }
  const r = outcome.recompute
  if (r === 'all' || (r !== null && r.length > 0)) {
    try {
      await recomputeAccounts(deps.db, { tenantId: who.tenantId, accountIds: r, now: who.now })
    } catch (err) {
      // The change is committed; failing the request would invite a retry that is now stale.
      deps.onRecomputeError?.(err)
    }
  }
  return outcome.value
}

/** 422: well-formed input that breaks a rule of the registry or the engine. */
export function unprocessable(issues: ValidationIssue[], message?: string): InvalidInput {
  return new InvalidInput(
    issues,
    message ??
      (issues.length === 1
        ? `${issues[0]!.path || '(root)'}: ${issues[0]!.message}`
        : `${issues.length} problems in the input; see details`),
    422,
  )
}

/** Throws 422 when there are issues. */
export function refuseIssues(issues: ValidationIssue[], message?: string): void {
  if (issues.length > 0) throw unprocessable(issues, message)
}

/**
 * Optimistic concurrency: when the caller names the revision it read (If-Match or `revision`),
 * the entity must still be at it.
 */
export function checkRevision(what: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current)
    throw new Conflict(
      `${what} is at revision ${current}, not ${expected}: it changed since you read it; reload it and retry`,
    )
}

/** `23505`: a unique constraint (e.g. two writers creating the same id at once). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null
  return (
    e !== null &&
    typeof e === 'object' &&
    e.code === '23505' &&
    (constraint === undefined || e.constraint === constraint)
  )
}
