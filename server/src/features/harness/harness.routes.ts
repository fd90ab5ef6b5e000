/**
 * The local harness: a page that stands in for Zendesk, so a newcomer (and the browser tests) see
 * the real app against the demo service without a Zendesk account.
 *
 * - `/harness/` — the stand-in page (zendesk-app/harness): pick a location, a demo ticket or
 *   organization, a role and a language; it loads the app in an iframe and gives it a demo ZAF
 *   client.
 * - `/app/` — the app's build (zendesk-app/dist/assets), exactly as packaged, except that the ZAF
 *   SDK's script tag is swapped for a two-line shim that asks the harness page for its client.
 * - `GET /harness/api/demo` — the demo tickets by SLA situation, and the mapped organizations.
 * - `POST /harness/proxy` — what Zendesk's proxy does for `client.request`: substitute the secure
 *   setting, sign the JWT (HS256, the demo tenant's shared secret) and put it where
 *   `{{jwt.token}}` stands. It forwards only to this service (in-process), never elsewhere.
 *
 * Demo only: it signs for the demo tenant, so it is on only with the demo (config `harness`).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import { createSigner } from 'fast-jwt'
import Type from 'typebox'
import type { App } from '../../app.js'
import { DEMO_SUBDOMAIN, DEMO_TOKEN_ID, DEMO_TOKEN_SECRET } from '../demo/demo-data.js'
import { findTenantBySubdomain } from '../tenants/tenants.repository.js'
import {
  selectHarnessTickets,
  selectHarnessOrganizations,
  type HarnessTicket,
} from './harness.repository.js'

const ZAF_SDK =
  /<script src="https:\/\/static\.zdassets\.com\/zendesk_app_framework_sdk\/[^"]+"><\/script>/
const SHIM =
  '<script>window.ZAFClient={init:function(){var h=window.parent&&window.parent!==window&&window.parent.slaHarness;return h?h.connect(window):false}}</script>'

/** The scenarios the harness offers, in order, with how many tickets of each. */
const SCENARIOS = ['running', 'at-risk', 'paused', 'breached', 'met'] as const
const PER_SCENARIO = 4

const ProxyBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 4000 }),
    type: Type.Enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    data: Type.Optional(Type.String({ maxLength: 20 * 1024 * 1024 })),
    contentType: Type.Optional(Type.String()),
    secure: Type.Optional(Type.Boolean()),
    jwt: Type.Optional(
      Type.Object({
        algorithm: Type.Literal('HS256'),
        secret_key: Type.String(),
        expiry: Type.Integer({ minimum: 1, maximum: 3600 }),
        claims: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
      }),
    ),
  },
  { additionalProperties: true },
)

/** Replaces `{{setting.<name>}}` with the installation's secure settings, only when `secure`. */
function substitute(text: string, secure: boolean, settings: Record<string, string>): string {
  return text.replace(/\{\{setting\.(\w+)\}\}/g, (m, name: string) =>
    secure && name in settings ? settings[name]! : m,
  )
}

export function scenarioOf(t: HarnessTicket): (typeof SCENARIOS)[number] | null {
  const active = t.clocks.filter((c) => c.active)
  if (active.some((c) => c.state === 'breached')) return 'breached'
  if (active.some((c) => c.state === 'running' && c.warningLevel >= 1)) return 'at-risk'
  if (active.some((c) => c.state === 'paused')) return 'paused'
  if (active.some((c) => c.state === 'running')) return 'running'
  if (
    active.length === 0 &&
    t.clocks.length > 0 &&
    (t.status === 'solved' || t.status === 'closed')
  )
    return 'met'
  return null
}

export function harnessRoutes(app: App): void {
  void app.register((scope: App) => {
    // Everything here is public: static files and the demo's stand-ins.
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), auth: 'public' }
    })
    harness(scope)
    return Promise.resolve()
  })
}

function harness(app: App): void {
  const dist = app.config.appDistDir
  const missing = (what: string) =>
    `The Zendesk app is not built (${what} is missing). Run \`npm run build\` (or \`npm start\`, which builds it) and reload.`

  void app.register(fastifyStatic, {
    root: join(dist, 'harness'),
    prefix: '/harness/',
    index: ['index.html'],
    decorateReply: false,
  })
  void app.register(fastifyStatic, {
    root: join(dist, 'assets'),
    prefix: '/app/',
    index: false,
    decorateReply: false,
    allowedPath: (path) => path !== '/index.html',
  })

  app.get('/favicon.ico', { schema: { hide: true } }, (_req, reply) => reply.code(204).send())
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/harness/'))

  app.get('/app/index.html', { schema: { hide: true } }, async (_req, reply) => {
    let html: string
    try {
      html = await readFile(join(dist, 'assets', 'index.html'), 'utf8')
    } catch {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(missing('dist/assets/index.html'))
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html.replace(ZAF_SDK, SHIM))
  })

  app.get('/harness/api/demo', { schema: { hide: true } }, async () => {
    const tickets = await selectHarnessTickets(app.db, DEMO_SUBDOMAIN)
    const byScenario = new Map<string, HarnessTicket[]>()
    for (const t of tickets) {
      const s = scenarioOf(t)
      if (!s) continue
      const list = byScenario.get(s) ?? []
      if (list.length < PER_SCENARIO) byScenario.set(s, [...list, t])
    }
    return {
      subdomain: DEMO_SUBDOMAIN,
      adminToken: `slat_${DEMO_TOKEN_ID}_${DEMO_TOKEN_SECRET}`,
      scenarios: SCENARIOS.map((s) => ({
        scenario: s,
        tickets: (byScenario.get(s) ?? []).map(({ clocks: _c, ...t }) => t),
      })),
      organizations: await selectHarnessOrganizations(app.db, DEMO_SUBDOMAIN),
    }
  })

  app.post('/harness/proxy', { schema: { hide: true, body: ProxyBody } }, async (req, reply) => {
    const o = req.body
    const secure = o.secure === true
    let target: URL
    try {
      target = new URL(o.url)
    } catch {
      return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: 'url: not a URL' } })
    }
    const self = new URL(`${req.protocol}://${req.host}`).origin
    if (target.origin !== self)
      return reply.code(400).send({
        error: {
          code: 'BAD_REQUEST',
          message: `url: the harness proxy forwards only to this service (${self}), not ${target.origin}`,
        },
      })
    // The demo installation's secure setting: the demo tenant's shared secret, as stored.
    const tenant = await findTenantBySubdomain(app.db, DEMO_SUBDOMAIN)
    const settings: Record<string, string> = tenant
      ? { shared_secret: app.secrets.open(tenant.jwt_secret_enc) }
      : {}
    const headers: Record<string, string> = {}
    let token: string | undefined
    if (o.jwt) {
      const key = substitute(o.jwt.secret_key, secure, settings)
      if (key.includes('{{'))
        return reply.code(400).send({
          error: {
            code: 'BAD_REQUEST',
            message: 'jwt.secret_key: a secure setting needs `secure: true`',
          },
        })
      token = createSigner({
        key,
        algorithm: 'HS256',
        expiresIn: o.jwt.expiry * 1000,
        clockTimestamp: app.clock(),
      })({
        ...o.jwt.claims,
      })
    }
    for (const [name, value] of Object.entries(o.headers ?? {})) {
      let v = substitute(value, secure, settings)
      if (token) v = v.replace('{{jwt.token}}', token)
      headers[name.toLowerCase()] = v
    }
    if (o.contentType) headers['content-type'] = o.contentType
    const res = await app.inject({
      method: o.type,
      url: `${target.pathname}${target.search}`,
      headers,
      ...(o.data !== undefined ? { payload: o.data } : {}),
    })
    return {
      status: res.statusCode,
      headers: {
        'content-type': String(res.headers['content-type'] ?? ''),
        'x-request-id': String(res.headers['x-request-id'] ?? ''),
      },
      responseText: res.body,
    }
  })
}
