/**
 * The only reader of the environment. `loadConfig(env)` validates every setting and returns a
 * frozen object; a bad or missing setting stops start-up with a message naming it.
 */
import { fileURLToPath } from 'node:url'
import Type, { type Static } from 'typebox'
import { checkSchema, formatIssues } from '@sla-tracker/shared'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const EnvSchema = Type.Object({
  PORT: Type.Optional(
    Type.String({ pattern: '^\\d{1,5}$', errorMessage: 'must be a port number (0–65535)' }),
  ),
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      errorMessage: 'must be a postgres:// or postgresql:// URL',
    }),
  ),
  DATABASE_POOL_SIZE: Type.Optional(
    Type.String({
      pattern: '^[1-9]\\d{0,3}$',
      errorMessage: 'must be a whole number from 1 to 9999',
    }),
  ),
  DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  SECRET_KEY: Type.Optional(
    Type.String({
      pattern: '^[0-9a-fA-F]{64}$',
      errorMessage: 'must be 64 hexadecimal characters (a 256-bit key)',
    }),
  ),
  OPERATOR_TOKEN: Type.Optional(
    Type.String({ minLength: 32, errorMessage: 'must be at least 32 characters' }),
  ),
  LOG_LEVEL: Type.Optional(Type.Enum([...LOG_LEVELS])),
  BODY_LIMIT_BYTES: Type.Optional(
    Type.String({ pattern: '^\\d{1,9}$', errorMessage: 'must be a number of bytes' }),
  ),
  IMPORT_LIMIT_BYTES: Type.Optional(
    Type.String({ pattern: '^\\d{1,10}$', errorMessage: 'must be a number of bytes' }),
  ),
  DEMO: Type.Optional(Type.Enum(['true', 'false'])),
  HARNESS: Type.Optional(Type.Enum(['true', 'false'])),
  APP_DIST_DIR: Type.Optional(Type.String({ minLength: 1 })),
  REFRESH_INTERVAL_SECONDS: Type.Optional(
    Type.String({
      pattern: '^\\d{1,6}$',
      errorMessage: 'must be a number of seconds (0 turns refreshing off)',
    }),
  ),
  SIDEBAR_CACHE_TICKETS: Type.Optional(
    Type.String({
      pattern: '^\\d{1,8}$',
      errorMessage: 'must be a number of tickets (0 turns the cache off)',
    }),
  ),
  SIDEBAR_CACHE_TTL_SECONDS: Type.Optional(
    Type.String({
      pattern: '^[1-9]\\d{0,5}$',
      errorMessage: 'must be a number of seconds (at least 1)',
    }),
  ),
  ZENDESK_OAUTH_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  ZENDESK_OAUTH_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  ZENDESK_OAUTH_SCOPES: Type.Optional(
    Type.String({
      pattern: '^[a-z_:]+( [a-z_:]+)*$',
      errorMessage: 'must be space-separated Zendesk scopes, e.g. "read write"',
    }),
  ),
  ZENDESK_ALLOW_BASE_URL: Type.Optional(Type.Enum(['true', 'false'])),
  ZENDESK_SYNC: Type.Optional(Type.Enum(['true', 'false'])),
  ZENDESK_SYNC_INTERVAL_SECONDS: Type.Optional(
    Type.String({
      pattern: '^[1-9]\\d{0,5}$',
      errorMessage: 'must be a number of seconds (at least 1)',
    }),
  ),
  ZENDESK_SYNC_CONCURRENCY: Type.Optional(
    Type.String({
      pattern: '^[1-9]\\d{0,2}$',
      errorMessage: 'must be a whole number from 1 to 999',
    }),
  ),
  ZENDESK_EXPORT_REQUESTS_PER_MINUTE: Type.Optional(
    Type.String({
      pattern: '^[1-9]\\d{0,4}$',
      errorMessage: 'must be a whole number (at least 1)',
    }),
  ),
  ZENDESK_WRITEBACK_CALLS_PER_MINUTE: Type.Optional(
    Type.String({
      pattern: '^\\d{1,4}$',
      errorMessage: 'must be a whole number (0 turns write-back off)',
    }),
  ),
  PUBLIC_URL: Type.Optional(
    Type.String({ pattern: '^https?://', errorMessage: 'must be an http:// or https:// URL' }),
  ),
  // Zendesk webhooks (features/zendesk/webhooks).
  WEBHOOK_TOLERANCE_SECONDS: Type.Optional(
    Type.String({
      pattern: '^[1-9]\\d{0,4}$',
      errorMessage: 'must be a number of seconds (at least 1)',
    }),
  ),
  WEBHOOK_PROCESS_INTERVAL_SECONDS: Type.Optional(
    Type.String({
      pattern: '^\\d{1,5}$',
      errorMessage: 'must be a number of seconds (0: only right after deliveries are stored)',
    }),
  ),
})

export type LogLevel = (typeof LOG_LEVELS)[number]

export interface Config {
  readonly port: number
  readonly host: string
  /** PostgreSQL URL; `undefined` selects the embedded PostgreSQL (PGlite) in `dataDir`. */
  readonly databaseUrl: string | undefined
  readonly databasePoolSize: number
  readonly dataDir: string
  /**
   * 256-bit key (hex) encrypting tenants' secrets at rest. Required with `DATABASE_URL`; with the
   * embedded database one is generated in the data folder on first start.
   */
  readonly secretKey: string | undefined
  /** Bearer token allowed to create tenants (`POST /api/v1/tenants`). Without it, only the CLI can. */
  readonly operatorToken: string | undefined
  readonly logLevel: LogLevel
  readonly bodyLimitBytes: number
  readonly importLimitBytes: number
  /** Seed the demo tenant on start. Default: on with the embedded database, off otherwise. */
  readonly demo: boolean
  /**
   * Serve the local harness: the built Zendesk app at /app/ inside a page that stands in for
   * Zendesk (/harness/), signing its requests for the demo tenant. Default: on with the demo.
   * Demo only: never turn it on in production.
   */
  readonly harness: boolean
  /** The Zendesk app's build (`npm run build -w zendesk-app`), for the harness. */
  readonly appDistDir: string
  /** The global OAuth client for the marketplace path (both or neither). */
  readonly zendeskOauth: { clientId: string; clientSecret: string; scopes: string } | undefined
  /**
   * Whether a connection may name its own Zendesk base URL (the simulator, a test proxy). Off in
   * production: credentials are only ever sent to https://{subdomain}.zendesk.com.
   */
  readonly zendeskAllowBaseUrl: boolean
  /** Run the sync and write-back workers in this instance. */
  readonly zendeskSync: boolean
  /** How often each connected tenant is synced when no webhook asks sooner. */
  readonly zendeskSyncIntervalSeconds: number
  /** Tenants synced at once by this instance. */
  readonly zendeskSyncConcurrency: number
  /** Incremental-export requests per minute per tenant (Zendesk allows 10; 30 with High Volume). */
  readonly zendeskExportRequestsPerMinute: number
  /** `update_many` calls (≤ 100 tickets each) per minute per tenant; 0 turns write-back off. */
  readonly zendeskWritebackCallsPerMinute: number
  /** The URL people use to reach the service (printed at start). */
  readonly publicUrl: string | undefined
  /** Zendesk webhooks: how far a signature timestamp may be from the service clock, in seconds. */
  readonly webhookToleranceSeconds: number
  /** Zendesk webhooks: how often stored deliveries are looked for (besides right after storing). */
  readonly webhookProcessIntervalSeconds: number
  /**
   * How often each tenant's current month is recomputed as time passes (ongoing incidents, budgets
   * burning, clocks crossing their due time), in seconds; 0 turns it off.
   */
  readonly refreshIntervalSeconds: number
  /** Tickets the sidebar cache holds per instance (PostgreSQL only; 0 turns it off). */
  readonly sidebarCacheTickets: number
  /** Longest a cached sidebar part lives, whatever the change notifications say. */
  readonly sidebarCacheTtlSeconds: number
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Reads and validates the configuration from an environment (`process.env` in production). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.properties)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  ) as Static<typeof EnvSchema>
  const issues = checkSchema(EnvSchema, known)
  if (issues.length > 0) throw new ConfigError(formatIssues(issues))
  const problems: string[] = []
  const port = Number(known.PORT ?? '3000')
  if (port > 65535) problems.push('PORT: must be a port number (0–65535)')
  if (known.DATABASE_URL !== undefined && known.SECRET_KEY === undefined)
    problems.push(
      'SECRET_KEY: is required with DATABASE_URL (64 hex characters; e.g. `openssl rand -hex 32`)',
    )
  if (
    (known.ZENDESK_OAUTH_CLIENT_ID === undefined) !==
    (known.ZENDESK_OAUTH_CLIENT_SECRET === undefined)
  )
    problems.push(
      'ZENDESK_OAUTH_CLIENT_ID, ZENDESK_OAUTH_CLIENT_SECRET: set both (the global OAuth client) or neither',
    )
  if (problems.length > 0) throw new ConfigError(problems)
  const embedded = known.DATABASE_URL === undefined
  return Object.freeze({
    port,
    host: known.HOST ?? '127.0.0.1',
    databaseUrl: known.DATABASE_URL,
    databasePoolSize: Number(known.DATABASE_POOL_SIZE ?? '10'),
    dataDir: known.DATA_DIR ?? './.data',
    secretKey: known.SECRET_KEY?.toLowerCase(),
    operatorToken: known.OPERATOR_TOKEN,
    logLevel: known.LOG_LEVEL ?? 'info',
    bodyLimitBytes: Number(known.BODY_LIMIT_BYTES ?? String(1024 * 1024)),
    importLimitBytes: Number(known.IMPORT_LIMIT_BYTES ?? String(20 * 1024 * 1024)),
    demo: known.DEMO === undefined ? embedded : known.DEMO === 'true',
    harness:
      known.HARNESS === undefined
        ? known.DEMO === undefined
          ? embedded
          : known.DEMO === 'true'
        : known.HARNESS === 'true',
    appDistDir:
      known.APP_DIST_DIR ?? fileURLToPath(new URL('../../zendesk-app/dist', import.meta.url)),
    publicUrl: known.PUBLIC_URL,
    webhookToleranceSeconds: Number(known.WEBHOOK_TOLERANCE_SECONDS ?? '300'),
    webhookProcessIntervalSeconds: Number(known.WEBHOOK_PROCESS_INTERVAL_SECONDS ?? '10'),
    zendeskOauth:
      known.ZENDESK_OAUTH_CLIENT_ID !== undefined && known.ZENDESK_OAUTH_CLIENT_SECRET !== undefined
        ? {
            clientId: known.ZENDESK_OAUTH_CLIENT_ID,
            clientSecret: known.ZENDESK_OAUTH_CLIENT_SECRET,
            scopes: known.ZENDESK_OAUTH_SCOPES ?? 'read write',
          }
        : undefined,
    zendeskAllowBaseUrl:
      known.ZENDESK_ALLOW_BASE_URL === undefined
        ? embedded
        : known.ZENDESK_ALLOW_BASE_URL === 'true',
    zendeskSync: known.ZENDESK_SYNC !== 'false',
    zendeskSyncIntervalSeconds: Number(known.ZENDESK_SYNC_INTERVAL_SECONDS ?? '60'),
    zendeskSyncConcurrency: Number(known.ZENDESK_SYNC_CONCURRENCY ?? '2'),
    zendeskExportRequestsPerMinute: Number(known.ZENDESK_EXPORT_REQUESTS_PER_MINUTE ?? '10'),
    zendeskWritebackCallsPerMinute: Number(known.ZENDESK_WRITEBACK_CALLS_PER_MINUTE ?? '10'),
    refreshIntervalSeconds: Number(known.REFRESH_INTERVAL_SECONDS ?? '300'),
    sidebarCacheTickets: Number(known.SIDEBAR_CACHE_TICKETS ?? '200000'),
    sidebarCacheTtlSeconds: Number(known.SIDEBAR_CACHE_TTL_SECONDS ?? '300'),
  })
}
