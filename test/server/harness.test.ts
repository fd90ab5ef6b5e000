/**
 * The local harness's server side: the app's page with the SDK swapped for the shim, the demo
 * data, and the stand-in for Zendesk's proxy (secure setting, JWT signing, only to this service).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'

let h: TestApp
let demo: TestTenant

beforeAll(async () => {
  h = await buildTestApp({ env: { HARNESS: 'true' } })
  demo = await h.createTenant('leadfly-demo')
})
afterAll(() => h.close())

const proxy = (body: Record<string, unknown>) =>
  h.request('POST', '/harness/proxy', { body, headers: { host: 'localhost:80' } })

const signedRead = (url: string, extra: Record<string, unknown> = {}) =>
  proxy({
    url,
    type: 'GET',
    secure: true,
    headers: { Authorization: 'Bearer {{jwt.token}}' },
    jwt: {
      algorithm: 'HS256',
      secret_key: '{{setting.shared_secret}}',
      expiry: 60,
      claims: { iss: 'leadfly-demo', sub: 7 },
    },
    ...extra,
  })

describe('the harness', () => {
  it('serves the built app with the ZAF SDK swapped for the harness shim', async () => {
    const r = await h.request('GET', '/app/index.html?origin=x&app_guid=y')
    expect(r.statusCode).toBe(200)
    expect(r.body).not.toContain('static.zdassets.com')
    expect(r.body).toContain('window.parent.slaHarness')
    expect((await h.request('GET', '/harness/')).statusCode).toBe(200)
    expect((await h.request('GET', '/')).headers.location).toBe('/harness/')
  })

  it('lists the demo situations and gives the demo admin token', async () => {
    const r = await h.request('GET', '/harness/api/demo')
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({
      subdomain: 'leadfly-demo',
      adminToken: expect.stringMatching(/^slat_/),
      scenarios: [
        { scenario: 'running' },
        { scenario: 'at-risk' },
        { scenario: 'paused' },
        { scenario: 'breached' },
        { scenario: 'met' },
      ],
    })
  })

  it('signs a secure read with the tenant’s shared secret, as Zendesk’s proxy does', async () => {
    const r = await signedRead('http://localhost:80/api/v1/portfolio?limit=5')
    expect(r.statusCode).toBe(200)
    const proxied = r.json<{ status: number; responseText: string }>()
    expect(proxied.status).toBe(200)
    expect(JSON.parse(proxied.responseText)).toHaveProperty('totals')
  })

  it('does not substitute the secure setting without `secure: true`', async () => {
    const r = await signedRead('http://localhost:80/api/v1/portfolio', { secure: false })
    expect(r.statusCode).toBe(400)
    expect(r.json().error.message).toMatch(/^jwt\.secret_key: /)
  })

  it('passes the service’s refusal through: a JWT never reaches admin routes', async () => {
    const r = await signedRead('http://localhost:80/api/v1/tokens')
    expect(r.json()).toMatchObject({ status: 403 })
  })

  it('forwards only to this service', async () => {
    const r = await signedRead('https://evil.example.com/api/v1/portfolio')
    expect(r.statusCode).toBe(400)
    expect(r.json().error.message).toMatch(/^url: the harness proxy forwards only to this service/)
    expect((await proxy({ url: 'not a url', type: 'GET' })).statusCode).toBe(400)
    expect((await proxy({ url: 'http://localhost:80/x', type: 'TRACE' })).statusCode).toBe(400)
  })

  it('sends admin calls with the token the admin typed', async () => {
    const r = await proxy({
      url: 'http://localhost:80/api/v1/tokens',
      type: 'GET',
      headers: { Authorization: `Bearer ${demo.adminToken}` },
    })
    expect(r.json()).toMatchObject({ status: 200 })
  })
})

describe('without the harness (production)', () => {
  it('serves none of it', async () => {
    const p = await buildTestApp()
    try {
      expect((await p.request('GET', '/harness/api/demo')).statusCode).toBe(401)
      expect((await p.request('GET', '/app/index.html')).statusCode).toBe(401)
      expect(
        (await p.request('POST', '/harness/proxy', { body: { url: 'x', type: 'GET' } })).statusCode,
      ).toBe(401)
    } finally {
      await p.close()
    }
  })
})
