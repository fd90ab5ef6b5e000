/**
 * `buildTestApp`: the real service on a fresh PostgreSQL schema, with a controllable clock, a
 * tenant and its tokens, and helpers to sign ZAF JWTs. Tests talk to it with `app.inject`, never a
 * port.
 */
import { createSigner } from 'fast-jwt'
import type { LightMyRequestResponse } from 'fastify'
import { buildApp, type App } from '@sla-tracker/server/app'
import type { ZendeskClientOptions } from '@sla-tracker/server/zendesk'
import { loadConfig } from '@sla-tracker/server/config'
import { createSecretBox } from '@sla-tracker/server/secret-box'
import { SidebarCache, listenForChanges } from '@sla-tracker/server/sidebar-cache'
import { TEST_DATABASE_URL, createTestDatabase, type TestDatabase } from './test-db.js'

export const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789abcdef'
export const SECRET_KEY = '0'.repeat(63) + '1'

export interface TestTenant {
  id: string
  subdomain: string
  sharedSecret: string
  adminToken: string
  readToken: string
}

export interface TestApp {
  app: App
  db: TestDatabase
  /** The service clock (epoch ms); set `now` to move time. */
  clock: { now: number }
  /** The sidebar cache, when built with `sidebarCache: true`. */
  sidebarCache: SidebarCache | undefined
  createTenant(subdomain: string): Promise<TestTenant>
  /** A ZAF-style HS256 JWT for the tenant, valid for `expiresIn` seconds from the clock. */
  jwt(
    tenant: Pick<TestTenant, 'subdomain' | 'sharedSecret'>,
    claims?: Record<string, unknown>,
    expiresIn?: number,
  ): string
  request(
    method: string,
    url: string,
    opts?: { token?: string; body?: unknown; payload?: string; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

export async function buildTestApp(
  opts: {
    now?: string
    env?: Record<string, string>
    sidebarCache?: boolean
    zendeskClientOptions?: Partial<ZendeskClientOptions>
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase()
  const clock = { now: Date.parse(opts.now ?? '2026-03-18T15:00:00Z') }
  const config = loadConfig({
    DATABASE_URL: 'postgres://unused',
    SECRET_KEY,
    OPERATOR_TOKEN,
    LOG_LEVEL: 'silent',
    ...opts.env,
  })
  const sidebarCache = opts.sidebarCache
    ? new SidebarCache({ maxTickets: 10_000, ttlMs: 300_000, clock: () => clock.now })
    : undefined
  const listener = sidebarCache
    ? listenForChanges(TEST_DATABASE_URL, sidebarCache, { warn: () => {} })
    : undefined
  const app = await buildApp({
    config,
    clock: () => clock.now,
    db: db.db,
    secrets: createSecretBox(SECRET_KEY),
    logger: false,
    sidebarCache,
    zendeskClientOptions: opts.zendeskClientOptions,
  })
  await app.ready()
  for (let i = 0; sidebarCache && !sidebarCache.enabled && i < 100; i++)
    await new Promise((r) => setTimeout(r, 20))
  const request: TestApp['request'] = (method, url, o = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
      ...(o.payload !== undefined
        ? { payload: o.payload }
        : o.body !== undefined
          ? { payload: o.body as object }
          : {}),
    })
  return {
    app,
    db,
    clock,
    sidebarCache,
    request,
    async createTenant(subdomain) {
      const r = await request('POST', '/api/v1/tenants', {
        token: OPERATOR_TOKEN,
        body: { subdomain, name: `${subdomain} Inc` },
      })
      if (r.statusCode !== 201) throw new Error(`tenant creation failed: ${r.statusCode} ${r.body}`)
      const created = r.json<{ tenant: { id: string }; sharedSecret: string; adminToken: string }>()
      const t = await request('POST', '/api/v1/tokens', {
        token: created.adminToken,
        body: { name: 'reader', scope: 'read' },
      })
      return {
        id: created.tenant.id,
        subdomain,
        sharedSecret: created.sharedSecret,
        adminToken: created.adminToken,
        readToken: t.json<{ token: string }>().token,
      }
    },
    jwt(tenant, claims = {}, expiresIn = 60) {
      const sign = createSigner({
        key: tenant.sharedSecret,
        algorithm: 'HS256',
        clockTimestamp: clock.now,
        expiresIn: expiresIn * 1000,
      })
      return sign({ iss: tenant.subdomain, sub: '361', ...claims })
    },
    async close() {
      await listener?.close()
      await app.close()
      await db.drop()
    },
  }
}
