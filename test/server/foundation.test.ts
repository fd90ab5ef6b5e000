/**
 * The service's foundation: health, the error envelope, tenants, API tokens and ZAF JWTs.
 */
import { createSigner } from 'fast-jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, OPERATOR_TOKEN, type TestApp, type TestTenant } from '../support/test-app.js'

let t: TestApp
let acme: TestTenant

beforeAll(async () => {
  t = await buildTestApp()
  acme = await t.createTenant('acme')
})
afterAll(async () => t.close())

describe('health', () => {
  it('answers /healthz and /readyz without credentials', async () => {
    expect((await t.request('GET', '/healthz')).json()).toEqual({ status: 'ok' })
    expect((await t.request('GET', '/readyz')).json()).toEqual({ status: 'ready', database: 'ok' })
  })

  it('serves the OpenAPI document and its UI', async () => {
    const doc = (await t.request('GET', '/openapi.json')).json<{
      openapi: string
      paths: Record<string, unknown>
    }>()
    expect(doc.openapi).toBe('3.0.3')
    expect(Object.keys(doc.paths)).toContain('/api/v1/tenants')
    expect((await t.request('GET', '/docs/')).statusCode).toBe(200)
  })
})

describe('the error envelope', () => {
  it('answers an unknown route with 404', async () => {
    const r = await t.request('GET', '/api/v1/nope', { token: acme.adminToken })
    expect(r.statusCode).toBe(404)
    expect(r.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /api/v1/nope' } })
  })

  it('answers malformed JSON with 400 and says why', async () => {
    const r = await t.request('POST', '/api/v1/tokens', {
      token: acme.adminToken,
      payload: '{"name": ',
      headers: { 'content-type': 'application/json' },
    })
    expect(r.statusCode).toBe(400)
    expect(r.json<{ error: { code: string } }>().error.code).toBe('MALFORMED_JSON')
  })

  it('names the field and the rule of invalid input', async () => {
    const r = await t.request('POST', '/api/v1/tokens', {
      token: acme.adminToken,
      body: { name: '', scope: 'root', extra: 1 },
    })
    expect(r.statusCode).toBe(400)
    const body = r.json<{
      error: { code: string; details: { issues: { path: string; rule: string }[] } }
    }>()
    expect(body.error.code).toBe('INVALID_INPUT')
    expect(body.error.details.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name', rule: 'min-length' }),
        expect.objectContaining({ path: 'scope', rule: 'one-of' }),
        expect.objectContaining({ path: '', rule: 'unknown-field' }),
      ]),
    )
  })

  it('refuses an oversized body with 413', async () => {
    const r = await t.request('POST', '/api/v1/tokens', {
      token: acme.adminToken,
      body: { name: 'x'.repeat(2 * 1024 * 1024), scope: 'read' },
    })
    expect(r.statusCode).toBe(413)
    expect(r.json<{ error: { code: string } }>().error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('gives every answer, errors included, its own request id', async () => {
    const answers = [
      await t.request('GET', '/healthz'),
      await t.request('GET', '/api/v1/nope', { token: acme.adminToken }),
      await t.request('GET', '/api/v1/tenant'),
      await t.request('POST', '/api/v1/tokens', { token: acme.adminToken, body: { name: '' } }),
      await t.request('GET', `/api/v1/tickets/${'9'.repeat(30)}/sla`, { token: acme.adminToken }),
    ]
    const ids = answers.map((r) => r.headers['x-request-id'])
    expect(answers.map((r) => r.statusCode)).toEqual([200, 404, 401, 400, 400])
    for (const id of ids) expect(id).toMatch(/^\S+$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('tenants', () => {
  it('are created only with the operator token, once per subdomain', async () => {
    expect(
      (await t.request('POST', '/api/v1/tenants', { body: { subdomain: 'x', name: 'X' } }))
        .statusCode,
    ).toBe(401)
    expect(
      (
        await t.request('POST', '/api/v1/tenants', {
          token: acme.adminToken,
          body: { subdomain: 'x', name: 'X' },
        })
      ).statusCode,
    ).toBe(401)
    const dup = await t.request('POST', '/api/v1/tenants', {
      token: OPERATOR_TOKEN,
      body: { subdomain: 'acme', name: 'Again' },
    })
    expect(dup.statusCode).toBe(409)
    const bad = await t.request('POST', '/api/v1/tenants', {
      token: OPERATOR_TOKEN,
      body: { subdomain: 'Acme Corp!', name: 'A' },
    })
    expect(bad.statusCode).toBe(400)
  })

  it('show themselves to their callers', async () => {
    const r = await t.request('GET', '/api/v1/tenant', { token: acme.readToken })
    expect(r.json()).toMatchObject({ id: acme.id, subdomain: 'acme', name: 'acme Inc' })
  })
})

describe('API tokens', () => {
  it('are listed without secrets and can be revoked', async () => {
    const created = await t.request('POST', '/api/v1/tokens', {
      token: acme.adminToken,
      body: { name: 'ci', scope: 'read' },
    })
    const { token, tokenInfo } = created.json<{ token: string; tokenInfo: { id: string } }>()
    expect(token).toMatch(/^slat_[a-z2-9]{12}_/)
    const list = await t.request('GET', '/api/v1/tokens', { token: acme.adminToken })
    expect(list.body).not.toContain(token.slice(18))
    expect((await t.request('GET', '/api/v1/tenant', { token })).statusCode).toBe(200)
    expect(
      (await t.request('DELETE', `/api/v1/tokens/${tokenInfo.id}`, { token: acme.adminToken }))
        .statusCode,
    ).toBe(204)
    const after = await t.request('GET', '/api/v1/tenant', { token })
    expect(after.statusCode).toBe(401)
    expect(
      (await t.request('DELETE', `/api/v1/tokens/${tokenInfo.id}`, { token: acme.adminToken }))
        .statusCode,
    ).toBe(404)
  })

  it('are scoped: a read token cannot administer', async () => {
    const r = await t.request('GET', '/api/v1/tokens', { token: acme.readToken })
    expect(r.statusCode).toBe(403)
  })

  it('are refused when unknown, malformed or wrong', async () => {
    for (const token of [
      'slat_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbb',
      `${acme.adminToken}x`,
      'nonsense',
      'a.b.c',
    ]) {
      expect((await t.request('GET', '/api/v1/tenant', { token })).statusCode).toBe(401)
    }
    expect(
      (await t.request('GET', '/api/v1/tenant', { headers: { authorization: 'Basic abc' } }))
        .statusCode,
    ).toBe(401)
  })

  it('leave an audit trail', async () => {
    const r = await t.request('GET', '/api/v1/audit?entity=api-token', { token: acme.adminToken })
    const entries = r.json<{ entries: { action: string; actor: string }[] }>().entries
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'revoke']))
  })
})

describe('ZAF JWTs from the Zendesk app', () => {
  it('authenticate read requests with the tenant shared secret', async () => {
    const r = await t.request('GET', '/api/v1/tenant', { token: t.jwt(acme) })
    expect(r.statusCode).toBe(200)
  })

  it('are refused when expired, without exp, forged, for an unknown tenant, or with another algorithm', async () => {
    const expired = t.jwt(acme, {}, -120)
    const noExp = createSigner({
      key: acme.sharedSecret,
      algorithm: 'HS256',
      clockTimestamp: t.clock.now,
    })({ iss: 'acme', sub: '1' })
    const forged = t.jwt({ subdomain: 'acme', sharedSecret: 'not-the-secret' })
    const unknown = t.jwt({ subdomain: 'globex', sharedSecret: acme.sharedSecret })
    const hs512 = createSigner({
      key: acme.sharedSecret,
      algorithm: 'HS512',
      expiresIn: 60_000,
      clockTimestamp: t.clock.now,
    })({ iss: 'acme' })
    const noIss = createSigner({
      key: acme.sharedSecret,
      algorithm: 'HS256',
      expiresIn: 60_000,
      clockTimestamp: t.clock.now,
    })({ sub: '1' })
    const results = await Promise.all(
      [expired, noExp, forged, unknown, hs512, noIss].map(async (token) => {
        const r = await t.request('GET', '/api/v1/tenant', { token })
        return [r.statusCode, r.json<{ error: { message: string } }>().error.message]
      }),
    )
    expect(results).toEqual([
      [401, 'the JWT has expired'],
      [401, 'the JWT has no "exp" claim'],
      [401, 'the JWT signature is not valid'],
      [401, 'no tenant for the JWT issuer "globex"'],
      [401, 'the JWT must be signed with HS256'],
      [401, 'the JWT has no "iss" claim (the Zendesk subdomain)'],
    ])
  })

  it('never grant admin, whatever their claims say', async () => {
    const r = await t.request('GET', '/api/v1/tokens', { token: t.jwt(acme, { role: 'admin' }) })
    expect(r.statusCode).toBe(403)
  })

  it('stop working after the shared secret is rotated', async () => {
    const old = t.jwt(acme)
    const r = await t.request('POST', '/api/v1/tenant/shared-secret', { token: acme.adminToken })
    const { sharedSecret } = r.json<{ sharedSecret: string }>()
    expect((await t.request('GET', '/api/v1/tenant', { token: old })).statusCode).toBe(401)
    acme.sharedSecret = sharedSecret
    expect((await t.request('GET', '/api/v1/tenant', { token: t.jwt(acme) })).statusCode).toBe(200)
  })
})

describe('tenant isolation of tenants, tokens and audit', () => {
  it('shows another tenant none of them and lets it change none of them', async () => {
    const globex = await t.createTenant('globex')
    const me = await t.request('GET', '/api/v1/tenant', { token: globex.readToken })
    expect(me.json()).toMatchObject({ subdomain: 'globex' })
    const tokens = (await t.request('GET', '/api/v1/tokens', { token: globex.adminToken })).json<{
      tokens: { id: string }[]
    }>()
    const acmeIds = (await t.request('GET', '/api/v1/tokens', { token: acme.adminToken }))
      .json<{ tokens: { id: string }[] }>()
      .tokens.map((x) => x.id)
    expect(tokens.tokens.some((x) => acmeIds.includes(x.id))).toBe(false)
    // Revoking another tenant's token is "not found", and the token keeps working.
    expect(
      (await t.request('DELETE', `/api/v1/tokens/${acmeIds[0]}`, { token: globex.adminToken }))
        .statusCode,
    ).toBe(404)
    expect((await t.request('GET', '/api/v1/tenant', { token: acme.adminToken })).statusCode).toBe(
      200,
    )
    const audit = (await t.request('GET', '/api/v1/audit', { token: globex.adminToken })).json<{
      entries: { entityId: string }[]
    }>()
    expect(audit.entries.some((e) => acmeIds.includes(e.entityId) || e.entityId === acme.id)).toBe(
      false,
    )
  })
})

describe('bad input on the tenant, token and audit routes', () => {
  it('answers 4xx with the envelope, never 500', async () => {
    const cases: [
      string,
      string,
      { token?: string; body?: unknown; payload?: string; headers?: Record<string, string> },
      number,
    ][] = [
      ['POST', '/api/v1/tenants', { token: OPERATOR_TOKEN, body: { subdomain: 'ok' } }, 400],
      [
        'POST',
        '/api/v1/tenants',
        { token: OPERATOR_TOKEN, body: { subdomain: 42, name: 'X' } },
        400,
      ],
      [
        'POST',
        '/api/v1/tenants',
        {
          token: OPERATOR_TOKEN,
          payload: 'not json',
          headers: { 'content-type': 'application/json' },
        },
        400,
      ],
      [
        'POST',
        '/api/v1/tenants',
        { token: OPERATOR_TOKEN, payload: 'a=b', headers: { 'content-type': 'text/plain' } },
        400,
      ],
      ['POST', '/api/v1/tokens', { token: acme.adminToken, body: [] }, 400],
      [
        'POST',
        '/api/v1/tokens',
        { token: acme.adminToken, body: { name: 'x', scope: 'read', extra: true } },
        400,
      ],
      ['DELETE', '/api/v1/tokens/NOT-AN-ID', { token: acme.adminToken }, 400],
      ['GET', '/api/v1/audit?limit=0', { token: acme.adminToken }, 400],
      ['GET', '/api/v1/audit?limit=1.5', { token: acme.adminToken }, 400],
      ['GET', '/api/v1/audit?before=abc', { token: acme.adminToken }, 400],
      ['GET', '/api/v1/audit?surprise=1', { token: acme.adminToken }, 400],
      ['GET', '/api/v1/audit', { token: acme.readToken }, 403],
      ['GET', '/api/v1/audit', {}, 401],
      ['POST', '/api/v1/tenant/shared-secret', { token: t.jwt(acme) }, 403],
    ]
    for (const [method, url, opts, status] of cases) {
      const r = await t.request(method, url, opts)
      expect([method, url, r.statusCode], r.body).toEqual([method, url, status])
      expect(
        r.json<{ error: { code: string; message: string } }>().error.message.length,
      ).toBeGreaterThan(3)
    }
  })
})
