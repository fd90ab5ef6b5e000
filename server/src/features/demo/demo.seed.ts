/**
 * The demo tenant seeded by `npm start`. (Filled in by the demo work of this issue.)
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { SecretBox } from '../../lib/secret-box.js'

export interface DemoSummary {
  subdomain: string
  adminToken: string
  accounts: number
  tickets: number
}

export function seedDemo(
  _db: Kysely<Database>,
  _secrets: SecretBox,
  _opts: { now: number; log: (message: string) => void },
): Promise<DemoSummary | undefined> {
  return Promise.resolve(undefined)
}
