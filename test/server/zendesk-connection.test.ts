/**
 * Connecting a tenant's Zendesk: API-token connection with its check, the OAuth
 * authorization-code flow (PKCE) with token refresh, bad input (400s naming the field and the
 * rule, nothing stored), secrets never returned, and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSecretBox } from '@sla-tracker/server/secret-box'
import { runTenantSync } from '@sla-tracker/server/zendesk-sync'
import { SECRET_KEY, buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import { FAST_CLIENT } from '../support/zendesk-env.js'
import { ZendeskSimulator, type SimAccount } from '../support/zendesk-simulator/index.js'

const OAUTH = { id: 'zdg-sla-tracker', secret: 'global-client-secret-0123456789' }

describe('Zendesk connection', () => {
  let sim: ZendeskSimulator
  let t: TestApp
  let acme: TestTenant
  let other: TestTenant
  let account: SimAccount

  beforeAll(async () => {
    t = await buildTestApp({
      now: '2026-11-23T12:00:00Z',
      env: {
        ZENDESK_ALLOW_BASE_URL: 'true',
        ZENDESK_OAUTH_CLIENT_ID: OAUTH.id,
        ZENDESK_OAUTH_CLIENT_SECRET: OAUTH.secret,
        PUBLIC_URL: 'https://sla.example.test',
      },
      zendeskClientOptions: { ...FAST_CLIENT, sleep: () => Promise.resolve() },
    })
    sim = await ZendeskSimulator.start({ clock: () => t.clock.now })
    account = sim.account('acme', {
      email: 'admin@acme.example',
      apiToken: 'good-token-123',
      oauthClient: OAUTH,
    })
    acme = await t.createTenant('acme')
    other = await t.createTenant('other')
  })
  afterAll(async () => {
    await t?.close()
    await sim?.stop()
  })

  const put = (tenant: TestTenant, body: unknown) =>
    t.request('PUT', '/api/v1/zendesk/connection', { token: tenant.adminToken, body })

  it('refuses bad input with the field and the rule, and stores nothing', async () => {
    const cases: [unknown, string, string][] = [
      [{ email: 'a@b.c' }, 'apiToken', ''],
      [{ email: 'not-an-email', apiToken: 'good-token-123' }, 'email', ''],
      [{ email: 'a@b.c', apiToken: 'short' }, 'apiToken', ''],
      [
        { email: 'a@b.c', apiToken: 'good-token-123', subdomain: 'someone-else' },
        'subdomain',
        'tenant',
      ],
      [{ email: 'a@b.c', apiToken: 'good-token-123', subdomain: 'Bad_Sub' }, 'subdomain', ''],
      [{ email: 'a@b.c', apiToken: 'good-token-123', baseUrl: 'ftp://x' }, 'baseUrl', ''],
      [{ email: 'a@b.c', apiToken: 'good-token-123', syncStartAt: 'yesterday' }, 'syncStartAt', ''],
      [
        { email: 'a@b.c', apiToken: 'good-token-123', syncStartAt: '2030-01-01T00:00:00Z' },
        'syncStartAt',
        'instant',
      ],
      [{ email: 'a@b.c', apiToken: 'good-token-123', fieldIds: { state: -1 } }, 'fieldIds', ''],
      [{ email: 'a@b.c', apiToken: 'good-token-123', extra: 1 }, '', ''],
    ]
    for (const [body, field, rule] of cases) {
      const r = await put(acme, body)
      expect(r.statusCode, JSON.stringify(body)).toBe(400)
      expect(r.json().error.message).toContain(field)
      if (rule) expect(JSON.stringify(r.json().error.details)).toContain(rule)
    }
    expect(
      (await t.request('GET', '/api/v1/zendesk/connection', { token: acme.adminToken })).statusCode,
    ).toBe(404)
  })

  it('refuses a custom base URL unless the operator allows it (credentials go only to Zendesk)', async () => {
    const strict = await buildTestApp({ env: { ZENDESK_ALLOW_BASE_URL: 'false' } })
    try {
      const tenant = await strict.createTenant('strict')
      const r = await strict.request('PUT', '/api/v1/zendesk/connection', {
        token: tenant.adminToken,
        body: { email: 'a@b.c', apiToken: 'good-token-123', baseUrl: 'http://127.0.0.1:1' },
      })
      expect(r.statusCode).toBe(400)
      expect(r.json().error.details.issues[0]).toMatchObject({ path: 'baseUrl', rule: 'forbidden' })
    } finally {
      await strict.close()
    }
  })

  it('needs an admin token: read tokens, JWTs and no token are refused', async () => {
    const body = { email: 'a@b.c', apiToken: 'good-token-123' }
    expect(
      (await t.request('PUT', '/api/v1/zendesk/connection', { token: acme.readToken, body }))
        .statusCode,
    ).toBe(403)
    expect((await t.request('PUT', '/api/v1/zendesk/connection', { body })).statusCode).toBe(401)
    expect(
      (await t.request('GET', '/api/v1/zendesk/connection', { token: t.jwt(acme) })).statusCode,
    ).toBe(403)
  })

  it('connects with an API token, checks it, and never shows the token', async () => {
    const r = await put(acme, {
      email: 'admin@acme.example',
      apiToken: 'wrong-token-1',
      baseUrl: sim.baseUrl('acme'),
    })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ subdomain: 'acme', auth: 'api-token', status: 'unchecked' })
    const bad = await t.request('POST', '/api/v1/zendesk/connection/check', {
      token: acme.adminToken,
    })
    expect(bad.json()).toMatchObject({ ok: false, user: null })
    expect(bad.body).not.toContain('wrong-token-1')

    await put(acme, {
      email: 'admin@acme.example',
      apiToken: 'good-token-123',
      baseUrl: sim.baseUrl('acme'),
    })
    const ok = await t.request('POST', '/api/v1/zendesk/connection/check', {
      token: acme.adminToken,
    })
    expect(ok.json()).toMatchObject({ ok: true, user: { role: 'admin' }, problems: [] })
    const view = await t.request('GET', '/api/v1/zendesk/connection', { token: acme.adminToken })
    expect(view.json()).toMatchObject({ status: 'ok', integrationUserId: account.apiUser().id })
    expect(view.body).not.toContain('good-token-123')
    // Stored sealed, not in clear.
    const row = await t.db.db
      .selectFrom('zendesk_connections')
      .select('credentials_enc')
      .where('tenant_id', '=', acme.id)
      .executeTakeFirstOrThrow()
    expect(row.credentials_enc).not.toContain('good-token-123')
    // Another tenant sees none of it.
    expect(
      (await t.request('GET', '/api/v1/zendesk/connection', { token: other.adminToken }))
        .statusCode,
    ).toBe(404)
    expect(
      (await t.request('GET', '/api/v1/zendesk/sync', { token: other.adminToken })).json(),
    ).toMatchObject({ connected: false, state: 'not-connected' })
  })

  it('answers 502 with Zendesk’s reason when setup is refused, and 404 without a connection', async () => {
    await put(acme, {
      email: 'admin@acme.example',
      apiToken: 'wrong-token-1',
      baseUrl: sim.baseUrl('acme'),
    })
    const r = await t.request('POST', '/api/v1/zendesk/connection/setup', {
      token: acme.adminToken,
    })
    expect(r.statusCode, r.body).toBe(502)
    expect(r.json().error.code).toBe('ZENDESK_ERROR')
    expect(r.body).not.toContain('wrong-token-1')
    expect(
      (await t.request('POST', '/api/v1/zendesk/connection/setup', { token: other.adminToken }))
        .statusCode,
    ).toBe(404)
  })

  it('connects through OAuth (authorization code + PKCE) and refreshes an expired token', async () => {
    const start = await t.request('POST', '/api/v1/zendesk/oauth/start', {
      token: acme.adminToken,
      body: { baseUrl: sim.baseUrl('acme') },
    })
    expect(start.statusCode).toBe(200)
    const url = new URL(start.json().authorizeUrl as string)
    expect(url.searchParams.get('client_id')).toBe(OAUTH.id)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('redirect_uri')).toBe(
      'https://sla.example.test/zendesk/oauth/callback',
    )
    // The admin consents; Zendesk redirects back with the code.
    const consent = await fetch(url, { redirect: 'manual' })
    expect(consent.status).toBe(302)
    const back = new URL(consent.headers.get('location')!)
    const cb = await t.request('GET', `/zendesk/oauth/callback${back.search}`)
    expect(cb.statusCode, cb.body).toBe(200)
    expect(cb.json()).toMatchObject({ connected: true, subdomain: 'acme' })
    // The state is single-use.
    expect((await t.request('GET', `/zendesk/oauth/callback${back.search}`)).statusCode).toBe(400)
    const view = (
      await t.request('GET', '/api/v1/zendesk/connection', { token: acme.adminToken })
    ).json()
    expect(view).toMatchObject({ auth: 'oauth', email: null })
    expect(
      (
        await t.request('POST', '/api/v1/zendesk/connection/check', { token: acme.adminToken })
      ).json(),
    ).toMatchObject({ ok: true })

    // The access token expires: the next call refreshes it once and carries on.
    const sealed = (
      await t.db.db
        .selectFrom('zendesk_connections')
        .select('credentials_enc')
        .where('tenant_id', '=', acme.id)
        .executeTakeFirstOrThrow()
    ).credentials_enc
    account.expireAccessTokens()
    const r = await runTenantSync(
      {
        db: t.db.db,
        secrets: createSecretBox(SECRET_KEY),
        config: t.app.config,
        clock: () => t.clock.now,
        clientOptions: FAST_CLIENT,
      },
      acme.id,
      { instance: 'test' },
    )
    expect(r.status).toBe('done')
    const after = (
      await t.db.db
        .selectFrom('zendesk_connections')
        .select('credentials_enc')
        .where('tenant_id', '=', acme.id)
        .executeTakeFirstOrThrow()
    ).credentials_enc
    expect(after).not.toBe(sealed)
  })

  it('refuses a callback with an unknown state, a refusal from Zendesk, or nothing', async () => {
    expect(
      (await t.request('GET', '/zendesk/oauth/callback?state=nope&code=x')).json().error.details
        .issues[0],
    ).toMatchObject({ path: 'state', rule: 'unknown' })
    const refused = await t.request(
      'GET',
      '/zendesk/oauth/callback?error=access_denied&error_description=The+admin+said+no',
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.message).toContain('The admin said no')
    expect((await t.request('GET', '/zendesk/oauth/callback')).statusCode).toBe(400)
  })

  it('requests a sync and a backfill, refusing a backfill start in the future', async () => {
    const bad = await t.request('POST', '/api/v1/zendesk/sync', {
      token: acme.adminToken,
      body: { backfillFrom: '2099-01-01T00:00:00Z' },
    })
    expect(bad.statusCode).toBe(400)
    const ok = await t.request('POST', '/api/v1/zendesk/sync', {
      token: acme.adminToken,
      body: { backfillFrom: '2026-01-01T00:00:00Z' },
    })
    expect(ok.statusCode).toBe(202)
    const streams = await t.db.db
      .selectFrom('zendesk_sync_streams')
      .select('stream')
      .where('tenant_id', '=', acme.id)
      .execute()
    expect(streams.map((s) => s.stream).sort()).toEqual(['organizations', 'users'])
    const s = (await t.request('GET', '/api/v1/zendesk/sync', { token: acme.adminToken })).json()
    expect(s.state).toBe('requested')
    expect(
      (await t.request('POST', '/api/v1/zendesk/sync', { token: other.adminToken })).statusCode,
    ).toBe(404)
  })

  it('disconnects (credentials forgotten, audit logged)', async () => {
    expect(
      (await t.request('DELETE', '/api/v1/zendesk/connection', { token: acme.adminToken }))
        .statusCode,
    ).toBe(204)
    expect(
      (await t.request('GET', '/api/v1/zendesk/connection', { token: acme.adminToken })).statusCode,
    ).toBe(404)
    const audit = (await t.request('GET', '/api/v1/audit', { token: acme.adminToken })).json()
    expect(JSON.stringify(audit)).toContain('zendesk-connection')
    expect(JSON.stringify(audit)).not.toContain('good-token-123')
  })
})
