/**
 * `sla-tracker sync <subdomain>`: runs the tenant's Zendesk sync once (or until stopped with
 * `--watch`), printing progress per page and a summary. It takes the same lock as the service's
 * worker, so running it beside the service is safe: one of them waits its turn ("busy").
 */
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../config.js'
import { connectPostgres, migrateToLatest, openEmbedded } from '../db/database.js'
import { createSecretBox } from '../lib/secret-box.js'
import { embeddedSecretKey } from '../server.js'
import { findTenantBySubdomain } from '../features/tenants/tenants.repository.js'
import { findConnection } from '../features/zendesk/connection.service.js'
import { ExportPacer, runTenantSync } from '../features/zendesk/sync.service.js'
import {
  WriteBudget,
  runOrganizationWriteback,
  runWriteback,
} from '../features/zendesk/writeback.service.js'
import type { CliIo } from './main.js'

export const SYNC_HELP = `Usage: sla-tracker sync <zendesk-subdomain> [options]

Runs the tenant's Zendesk sync now: users, organizations, tickets and ticket events from the
incremental exports (resuming from the stored positions), recomputes what changed, then writes
the SLA tags and fields back to Zendesk. Safe beside running services (one sync per tenant).

Options:
  --page-size <n>      Items per export page, 1–1000 (default 1000; smaller after timeouts)
  --no-writeback       Sync only; do not write back to Zendesk
  --watch              Keep syncing every ZENDESK_SYNC_INTERVAL_SECONDS until Ctrl-C
  --quiet              Print only the summary
  -h, --help           Show this help

Configuration: the service's environment variables (docs/operations.md).
`

export async function syncCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    strict: false,
    options: {
      'no-writeback': { type: 'boolean' },
      'page-size': { type: 'string' },
      watch: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [subdomain] = parsed.positionals
  if (parsed.values.help || !subdomain) {
    ;(parsed.values.help ? io.out : io.err)(SYNC_HELP)
    return parsed.values.help ? 0 : 2
  }
  const pageSize = parsed.values['page-size']
  const perPage = typeof pageSize === 'string' ? Number(pageSize) : undefined
  if (perPage !== undefined && !(Number.isInteger(perPage) && perPage >= 1 && perPage <= 1000)) {
    io.err(`sla-tracker sync: --page-size must be a whole number from 1 to 1000\n`)
    return 2
  }
  let c
  try {
    c = loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`${e.message}\n`)
      return 1
    }
    throw e
  }
  const handle = c.databaseUrl
    ? connectPostgres(c.databaseUrl, { poolSize: 3 })
    : await openEmbedded(c.dataDir)
  const stop = new AbortController()
  const onSignal = () => stop.abort(new Error('stopped'))
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    await migrateToLatest(handle.db)
    const secrets = createSecretBox(c.secretKey ?? (await embeddedSecretKey(c.dataDir)))
    const tenant = await findTenantBySubdomain(handle.db, subdomain)
    if (!tenant) {
      io.err(
        `sla-tracker sync: no tenant "${subdomain}" (create it with "sla-tracker tenant create")\n`,
      )
      return 1
    }
    if (!(await findConnection(handle.db, tenant.id))) {
      io.err(
        `sla-tracker sync: "${subdomain}" has no Zendesk connection yet; connect it first (PUT /api/v1/zendesk/connection, or the OAuth flow: docs/zendesk-setup.md)\n`,
      )
      return 1
    }
    const deps = { db: handle.db, secrets, config: c, clock: () => Date.now() }
    const pacer = new ExportPacer(c.zendeskExportRequestsPerMinute)
    const budget = new WriteBudget(c.zendeskWritebackCallsPerMinute, deps.clock)
    for (;;) {
      const r = await runTenantSync(deps, tenant.id, {
        instance: `cli:${process.pid}`,
        pacer,
        signal: stop.signal,
        ...(perPage !== undefined ? { perPage } : {}),
        onPage: ({ stream, items, page }) => {
          if (!parsed.values.quiet) io.out(`  page ${page}: ${stream}, ${items} items\n`)
        },
      })
      io.out(
        `sync ${r.status}: ${r.items} items in ${r.pages} pages, ${r.recomputedTickets} tickets recomputed, ${(r.durationMs / 1000).toFixed(1)} s` +
          (r.error ? `\n  error: ${r.error}` : '') +
          '\n',
      )
      if (r.status === 'done' && !parsed.values['no-writeback']) {
        const w = await runWriteback(deps, tenant.id, { budget })
        const o = await runOrganizationWriteback(deps, tenant.id)
        io.out(
          `write-back: ${w.applied} tickets applied, ${w.failed} failed, ${w.ambiguous} unconfirmed, ${w.inSync} already in sync, ${w.deferred} deferred (${w.stoppedBy}); ${o.applied} organizations' tier set\n`,
        )
      }
      if (!parsed.values.watch || stop.signal.aborted) return r.status === 'failed' ? 1 : 0
      await new Promise((res) => setTimeout(res, c.zendeskSyncIntervalSeconds * 1000))
      if (stop.signal.aborted) return 0
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await handle.close()
  }
}
