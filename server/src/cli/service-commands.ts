/**
 * CLI commands that run or administer the service: `serve`, `tenant create`, `token create`.
 * They read the same configuration as the service (environment variables, see docs/operations.md).
 */
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig, type Config } from '../config.js'
import {
  connectPostgres,
  migrateToLatest,
  openEmbedded,
  type DatabaseHandle,
} from '../db/database.js'
import { createSecretBox } from '../lib/secret-box.js'
import { createTenant, createToken } from '../features/tenants/tenants.service.js'
import { findTenantBySubdomain } from '../features/tenants/tenants.repository.js'
import { embeddedSecretKey, runServer } from '../server.js'
import type { CliIo } from './main.js'

export const SERVE_HELP = `Usage: sla-tracker serve

Runs the service. Configuration comes from environment variables (docs/operations.md):
  PORT (3000), HOST (127.0.0.1), DATABASE_URL (unset: embedded PostgreSQL in DATA_DIR),
  DATA_DIR (./.data), SECRET_KEY (required with DATABASE_URL), OPERATOR_TOKEN, LOG_LEVEL,
  DEMO (seed the demo tenant; default true with the embedded database), PUBLIC_URL.
Stops gracefully on SIGINT (Ctrl-C) or SIGTERM.
`

export const TENANT_HELP = `Usage: sla-tracker tenant create <zendesk-subdomain> [--name "Acme Inc"]

Creates a tenant (a Zendesk account) in the configured database and prints its ZAF JWT
shared secret and a first admin API token. Both are shown once.
`

export const TOKEN_HELP = `Usage: sla-tracker token create <zendesk-subdomain> [--scope read|admin] [--name "CI"]

Creates an API token for an existing tenant and prints it (shown once).
`

function config(io: CliIo): Config | undefined {
  try {
    return loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`${e.message}\n`)
      return undefined
    }
    throw e
  }
}

async function openDatabase(c: Config): Promise<{ handle: DatabaseHandle; secretKey: string }> {
  const handle = c.databaseUrl
    ? connectPostgres(c.databaseUrl, { poolSize: 2 })
    : await openEmbedded(c.dataDir)
  await migrateToLatest(handle.db)
  return { handle, secretKey: c.secretKey ?? (await embeddedSecretKey(c.dataDir)) }
}

export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(SERVE_HELP)
    return 0
  }
  if (args.length > 0) {
    io.err(`sla-tracker serve: unexpected argument "${args[0]}"\n\n${SERVE_HELP}`)
    return 2
  }
  const c = config(io)
  if (!c) return 1
  await runServer(c)
  return 0
}

export async function tenantCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    strict: false,
    options: { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  const [sub, subdomain] = parsed.positionals
  if (parsed.values.help || sub !== 'create' || !subdomain) {
    ;(parsed.values.help ? io.out : io.err)(TENANT_HELP)
    return parsed.values.help ? 0 : 2
  }
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(subdomain)) {
    io.err(
      `sla-tracker tenant create: "${subdomain}" is not a Zendesk subdomain (lower-case letters, digits and hyphens)\n`,
    )
    return 2
  }
  const c = config(io)
  if (!c) return 1
  const { handle, secretKey } = await openDatabase(c)
  try {
    if (await findTenantBySubdomain(handle.db, subdomain)) {
      io.err(`sla-tracker tenant create: a tenant for "${subdomain}" already exists\n`)
      return 1
    }
    const name = typeof parsed.values.name === 'string' ? parsed.values.name : subdomain
    const created = await createTenant(handle.db, createSecretBox(secretKey), {
      subdomain,
      name,
      actor: 'cli',
      now: new Date(),
    })
    io.out(
      `Created tenant ${created.tenant.subdomain} (${created.tenant.id}).\n` +
        `  ZAF shared secret (paste into the app's "shared_secret" setting): ${created.sharedSecret}\n` +
        `  Admin API token: ${created.adminToken}\n` +
        'Both are shown only now; store them safely.\n',
    )
    return 0
  } finally {
    await handle.close()
  }
}

export async function tokenCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    strict: false,
    options: {
      scope: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [sub, subdomain] = parsed.positionals
  const scope = parsed.values.scope ?? 'read'
  if (
    parsed.values.help ||
    sub !== 'create' ||
    !subdomain ||
    (scope !== 'read' && scope !== 'admin')
  ) {
    ;(parsed.values.help ? io.out : io.err)(TOKEN_HELP)
    return parsed.values.help ? 0 : 2
  }
  const c = config(io)
  if (!c) return 1
  const { handle } = await openDatabase(c)
  try {
    const tenant = await findTenantBySubdomain(handle.db, subdomain)
    if (!tenant) {
      io.err(`sla-tracker token create: no tenant "${subdomain}"\n`)
      return 1
    }
    const name = typeof parsed.values.name === 'string' ? parsed.values.name : `cli ${scope} token`
    const r = await createToken(handle.db, {
      tenantId: tenant.id,
      name,
      scope,
      actor: 'cli',
      now: new Date(),
    })
    io.out(`Created ${scope} token ${r.view.id} for ${subdomain}: ${r.token}\n(shown only now)\n`)
    return 0
  } finally {
    await handle.close()
  }
}
