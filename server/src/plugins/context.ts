/**
 * The service's dependencies, decorated on the instance: configuration, clock, database, secrets.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import type { SecretBox } from '../lib/secret-box.js'
import type { SidebarCache } from '../features/reads/sidebar-cache.js'
import type { ZendeskClientOptions } from '../zendesk/client.js'

export interface AppContext {
  config: Config
  /** Epoch ms. Injected so tests control time. */
  clock: () => number
  db: Kysely<Database>
  secrets: SecretBox
  /** The sidebar read's cache (PostgreSQL with its change listener); absent: every read hits the database. */
  sidebarCache?: SidebarCache | undefined
  /** Overrides for every Zendesk client the service builds (tests: fast retries). */
  zendeskClientOptions?: Partial<ZendeskClientOptions> | undefined
  /** This instance's sync worker, when it runs one (woken by "sync now"). */
  zendeskWorker?: { wake(): void } | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    clock: () => number
    db: Kysely<Database>
    secrets: SecretBox
    sidebarCache: SidebarCache | undefined
    zendeskClientOptions: Partial<ZendeskClientOptions> | undefined
    zendeskWorker: { wake(): void } | undefined
  }
}

export default fp(
  (app: FastifyInstance, ctx: AppContext) => {
    app.decorate('config', ctx.config)
    app.decorate('clock', ctx.clock)
    app.decorate('db', ctx.db)
    app.decorate('secrets', ctx.secrets)
    app.decorate('sidebarCache', ctx.sidebarCache)
    app.decorate('zendeskClientOptions', ctx.zendeskClientOptions)
    app.decorate('zendeskWorker', ctx.zendeskWorker)
  },
  { name: 'context' },
)
