/**
 * The process: configuration, database, migrations, logging, listen and graceful shutdown.
 * Everything else is built by `buildApp`.
 */
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildApp, type App } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import {
  connectPostgres,
  migrateToLatest,
  openEmbedded,
  type DatabaseHandle,
} from './db/database.js'
import { createSecretBox } from './lib/secret-box.js'
import { seedDemo } from './features/demo/demo.seed.js'
import { startRefresher } from './features/compute/refresher.js'
import { startZendeskWorker } from './features/zendesk/sync.worker.js'
import { startWebhookProcessor } from './features/zendesk/webhooks/processor.js'
import { SidebarCache, listenForChanges } from './features/reads/sidebar-cache.js'

const SHUTDOWN_TIMEOUT_MS = 10_000

/** The embedded database keeps its own key beside its data (generated on first start). */
export async function embeddedSecretKey(dataDir: string): Promise<string> {
  const file = join(dataDir, 'secret.key')
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch {
    const key = randomBytes(32).toString('hex')
    await writeFile(file, `${key}\n`, { mode: 0o600 })
    return key
  }
}

export interface Started {
  app: App
  handle: DatabaseHandle
  url: string
  close(): Promise<void>
}

/** Starts the service with a configuration; used by `sla-tracker serve` and `npm start`. */
export async function startServer(
  config: Config,
  print: (line: string) => void = console.log,
): Promise<Started> {
  const handle = config.databaseUrl
    ? connectPostgres(config.databaseUrl, { poolSize: config.databasePoolSize })
    : await openEmbedded(config.dataDir)
  const secretKey = config.secretKey ?? (await embeddedSecretKey(config.dataDir))
  const migrated = await migrateToLatest(handle.db)
  // The sidebar cache needs PostgreSQL's change notifications; the embedded database runs without it.
  const sidebarCache =
    config.databaseUrl && config.sidebarCacheTickets > 0
      ? new SidebarCache({
          maxTickets: config.sidebarCacheTickets,
          ttlMs: config.sidebarCacheTtlSeconds * 1000,
          clock: () => Date.now(),
        })
      : undefined
  const secrets = createSecretBox(secretKey)
  // The Zendesk sync worker logs through the app's logger, which exists once the app is built.
  const logRef: { current?: App['log'] } = {}
  const zendeskWorker = config.zendeskSync
    ? startZendeskWorker({
        deps: { db: handle.db, secrets, config, clock: () => Date.now() },
        pollMs: 2000,
        log: {
          info: (o, m) => logRef.current?.info(o, m),
          warn: (o, m) => logRef.current?.warn(o, m),
          error: (o, m) => logRef.current?.error(o, m),
          debug: (o, m) => logRef.current?.debug(o, m),
        },
      })
    : undefined
  const app = await buildApp({
    sidebarCache,
    config,
    clock: () => Date.now(),
    db: handle.db,
    secrets,
    logger: true,
    zendeskWorker,
  })
  logRef.current = app.log
  const listener =
    sidebarCache && config.databaseUrl
      ? listenForChanges(config.databaseUrl, sidebarCache, app.log)
      : undefined
  app.log.info(
    { database: handle.kind, location: handle.location, migrations: migrated.applied },
    'database ready',
  )
  let demo: Awaited<ReturnType<typeof seedDemo>> | undefined
  if (config.demo) demo = await seedDemo(handle.db, app.secrets, { now: Date.now(), log: print })
  const address = await app.listen({ port: config.port, host: config.host })
  const url = config.publicUrl ?? address
  print('')
  print(`SLA Compliance Tracker is running at ${url}`)
  print(`  API documentation: ${url}/docs`)
  if (config.harness) print(`  the Zendesk app in a stand-in for Zendesk: ${url}/harness/`)
  print(
    `  database: ${handle.kind === 'embedded' ? `embedded PostgreSQL in ${handle.location}` : handle.location}`,
  )
  if (demo) {
    print(`  demo tenant: ${demo.subdomain} (${demo.accounts} accounts, ${demo.tickets} tickets)`)
    print(`  demo admin token: ${demo.adminToken}`)
    print(`  demo ZAF shared secret: ${demo.sharedSecret}`)
    print(`  try: curl -H "Authorization: Bearer ${demo.adminToken}" ${url}/api/v1/portfolio`)
  }
  print('')
  const refresher = startRefresher({
    db: handle.db,
    clock: () => Date.now(),
    intervalMs: config.refreshIntervalSeconds * 1000,
    onError: (err, tenantId) =>
      app.log.error({ err, tenantId }, 'refreshing the current month failed'),
  })
  // Zendesk webhooks: stored deliveries become sync requests, right after each commit.
  const webhookProcessor = startWebhookProcessor({
    db: handle.db,
    clock: () => Date.now(),
    intervalMs: config.webhookProcessIntervalSeconds * 1000,
    log: app.log,
  })
  app.zendeskWebhooks.onStored(() => webhookProcessor.wake())
  webhookProcessor.wake() // deliveries left from before a restart
  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      await refresher.stop()
      await webhookProcessor.stop()
      await zendeskWorker?.stop()
      await listener?.close()
      await app.close()
      await handle.close()
    })())
  return { app, handle, url, close }
}

/**
 * Runs the service until SIGINT or SIGTERM, then closes it gracefully (in-flight requests finish,
 * the database closes) within SHUTDOWN_TIMEOUT_MS. Resolves when it has stopped.
 */
export async function runServer(config: Config): Promise<void> {
  const started = await startServer(config)
  await new Promise<void>((resolve, reject) => {
    const stop = (signal: string) => {
      started.app.log.info({ signal }, 'shutting down')
      const timer = setTimeout(() => reject(new Error('shutdown timed out')), SHUTDOWN_TIMEOUT_MS)
      timer.unref()
      started.close().then(() => {
        clearTimeout(timer)
        resolve()
      }, reject)
    }
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
}

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`)
      process.exit(1)
    }
    throw e
  }
  await runServer(config)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`sla-tracker: ${e instanceof Error ? e.message : String(e)}\n`)
      process.exit(1)
    },
  )
}
