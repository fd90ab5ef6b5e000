/**
 * The only reader of the environment. `loadConfig(env)` validates every setting and returns a
 * frozen object; a bad or missing setting stops start-up with a message naming it.
 */
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
  PUBLIC_URL: Type.Optional(
    Type.String({ pattern: '^https?://', errorMessage: 'must be an http:// or https:// URL' }),
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
  /** The URL people use to reach the service (printed at start). */
  readonly publicUrl: string | undefined
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
    publicUrl: known.PUBLIC_URL,
    refreshIntervalSeconds: Number(known.REFRESH_INTERVAL_SECONDS ?? '300'),
    sidebarCacheTickets: Number(known.SIDEBAR_CACHE_TICKETS ?? '200000'),
    sidebarCacheTtlSeconds: Number(known.SIDEBAR_CACHE_TTL_SECONDS ?? '300'),
  })
}
