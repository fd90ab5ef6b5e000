/**
 * A fresh PostgreSQL schema per test file on the real server (127.0.0.1:5432, database `test`,
 * or TEST_DATABASE_URL), migrated to the latest version and dropped afterwards.
 */
import { randomBytes } from 'node:crypto'
import { userInfo } from 'node:os'
import pg from 'pg'
import { connectPostgres, migrateToLatest, type DatabaseHandle } from '@sla-tracker/server/db'

/** Trust authentication as the OS user, as on the project's machines. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`

export interface TestDatabase extends DatabaseHandle {
  schema: string
  drop(): Promise<void>
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const handle = connectPostgres(TEST_DATABASE_URL, { poolSize: 10, searchPath: schema })
  await migrateToLatest(handle.db, { schema })
  return {
    ...handle,
    schema,
    async drop() {
      await handle.close()
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    },
  }
}
