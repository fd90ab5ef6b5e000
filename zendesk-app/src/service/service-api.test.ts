import { describe, expect, it } from 'vitest'
import { FakeZafClient, jsonResponse } from '../zaf/fake-client.js'
import { createServiceApi, queryString, ServiceError } from './service-api.js'

const who = { serviceUrl: 'https://sla.example.com/', subdomain: 'acme', userId: 7 }

describe('the service API over client.request', () => {
  it('signs reads through the proxy: secure, HS256 JWT from the secure setting, iss = subdomain', async () => {
    const client = new FakeZafClient({}, () => jsonResponse(200, { ok: true }))
    const api = createServiceApi(client, who)
    await expect(
      api.read('/api/v1/tickets/5/sla', { organizationId: 9, x: undefined }),
    ).resolves.toEqual({ ok: true })
    const [req] = client.requests
    expect(req).toMatchObject({
      url: 'https://sla.example.com/api/v1/tickets/5/sla?organizationId=9',
      type: 'GET',
      secure: true,
      cors: false,
      headers: { Authorization: 'Bearer {{jwt.token}}' },
      jwt: {
        algorithm: 'HS256',
        secret_key: '{{setting.shared_secret}}',
        claims: { iss: 'acme', sub: 7 },
      },
    })
    expect(req!.jwt!.expiry).toBeGreaterThan(0)
  })

  it('sends admin changes with the admin token and If-Match, never with the JWT', async () => {
    const client = new FakeZafClient({}, () => jsonResponse(200, {}))
    const api = createServiceApi(client, who)
    await api.admin('PATCH', '/api/v1/tiers/gold', {
      adminToken: 'slat_x',
      body: { name: 'Gold' },
      ifMatch: 4,
    })
    const [req] = client.requests
    expect(req).toMatchObject({
      type: 'PATCH',
      headers: { Authorization: 'Bearer slat_x', 'If-Match': '"4"' },
      data: '{"name":"Gold"}',
      contentType: 'application/json',
    })
    expect(req!.secure).toBeUndefined()
    expect(req!.jwt).toBeUndefined()
  })

  it('turns the service error shape into a ServiceError with its issues', async () => {
    const client = new FakeZafClient({}, () =>
      jsonResponse(400, {
        error: {
          code: 'INVALID_INPUT',
          message: 'name: must not be empty',
          details: { issues: [{ path: 'name', rule: 'required', message: 'must not be empty' }] },
        },
      }),
    )
    const err = await createServiceApi(client, who)
      .read('/x')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ServiceError)
    expect(err).toMatchObject({
      kind: 'invalid',
      status: 400,
      code: 'INVALID_INPUT',
      issues: [{ path: 'name' }],
    })
  })

  it('reports an unreachable service and a non-JSON failure', async () => {
    const down = new FakeZafClient({}, () => Promise.reject(new Error('network')))
    await expect(createServiceApi(down, who).read('/x')).rejects.toMatchObject({
      kind: 'unreachable',
      status: 0,
    })
    const html = new FakeZafClient({}, () => ({
      status: 502,
      responseText: '<html>bad gateway</html>',
    }))
    await expect(createServiceApi(html, who).read('/x')).rejects.toMatchObject({
      kind: 'server',
      status: 502,
    })
  })

  it('builds query strings without empty values', () => {
    expect(queryString({ a: 1, b: '', c: null, d: 'x y' })).toBe('?a=1&d=x+y')
    expect(queryString({})).toBe('')
  })
})
