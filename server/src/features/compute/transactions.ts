/**
 * Transactions of the recomputing services: the caller's, or a new one retried when PostgreSQL
 * aborts it for a deadlock or a serialization failure (two recomputations racing for the same
 * accounts in an unusual order; the retry then runs after the other one committed). The sync's
 * single-statement pages are retried the same way.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'

/** SQLSTATEs worth retrying: serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01'])
const ATTEMPTS = 4

function retryable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && RETRYABLE.has(code)
}

/** Runs `fn` again (a few times) when PostgreSQL aborts it for a deadlock or a serialization failure. */
export async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (e) {
      if (attempt >= ATTEMPTS || !retryable(e)) throw e
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20))
    }
  }
}

/** Runs `fn` in a new transaction, again (a few times) when it is aborted by a deadlock. */
export function withRetriedTransaction<T>(
  db: Kysely<Database>,
  fn: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return retried(() => db.transaction().execute((tx: Transaction<Database>) => fn(tx)))
}

/** Runs `fn` in the caller's transaction, or in a new (retried) one. */
export function inTransaction<T>(
  db: Kysely<Database>,
  fn: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db) : withRetriedTransaction(db, fn)
}
