/**
 * Routes of the Zendesk integration: the connection (API token or OAuth), its check and setup,
 * and the sync's status, "sync now" and backfill. Admin API tokens only: a ZAF JWT's claims are
 * set in the agent's browser, so they never grant this.
 */
import Type, { type Static, type TSchema } from 'typebox'
import type { FastifyRequest } from 'fastify'
import { issue, type ZendeskOrganizationPage } from '@sla-tracker/shared'
import type { App } from '../../app.js'
import { principalOf } from '../../plugins/auth.js'
import { ErrorSchema } from '../../lib/http-schemas.js'
import type { Agrees, Assert } from '../../lib/type-agreement.js'
import { InvalidInput } from '../../errors.js'
import {
  checkConnection,
  connectionView,
  deleteConnection,
  finishOAuth,
  getConnection,
  saveApiTokenConnection,
  setupZendesk,
  startOAuth,
  type ZendeskDeps,
} from './connection.service.js'
import { syncStatus } from './sync.status.js'
import { requestSync } from './sync-requests.js'
import { listOrganizations, resetStreams } from './sync.repository.js'
import { appendAudit } from '../audit/audit.repository.js'

/** `GET /api/v1/zendesk/organizations`: the shared `ZendeskOrganizationPage`. */
const OrganizationPageSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      externalId: Type.Union([Type.String(), Type.Null()]),
      contractTier: Type.Union([Type.String(), Type.Null()]),
      accountId: Type.Union([Type.String(), Type.Null()]),
      openTickets: Type.Integer(),
    }),
  ),
  next: Type.Union([Type.Integer(), Type.Null()]),
})

/** Compile-time: the response schema and the shared response type (the app reads) agree. */
export type ResponseTypesAgree = Assert<
  Agrees<Static<typeof OrganizationPageSchema>, ZendeskOrganizationPage>
>

const SubdomainSchema = Type.String({
  pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
  errorMessage: 'must be a Zendesk subdomain (acme for acme.zendesk.com)',
})
const FieldIdSchema = Type.Integer({
  minimum: 1,
  errorMessage: 'must be a Zendesk ticket field id',
})
const FieldIdsSchema = Type.Object(
  {
    state: Type.Optional(FieldIdSchema),
    nextDue: Type.Optional(FieldIdSchema),
    tier: Type.Optional(FieldIdSchema),
    creditExposure: Type.Optional(FieldIdSchema),
  },
  { additionalProperties: false },
)
const InstantText = Type.String({
  format: 'date-time',
  errorMessage: 'must be an ISO 8601 instant with a zone, e.g. 2026-01-01T00:00:00Z',
})

const ConnectionSchema = Type.Object({
  subdomain: Type.String(),
  baseUrl: Type.Union([Type.String(), Type.Null()]),
  auth: Type.Enum(['api-token', 'oauth']),
  email: Type.Union([Type.String(), Type.Null()]),
  tokenExpiresAt: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['unchecked', 'ok', 'failed']),
  checkedAt: Type.Union([Type.String(), Type.Null()]),
  checkError: Type.Union([Type.String(), Type.Null()]),
  integrationUserId: Type.Union([Type.Integer(), Type.Null()]),
  webhookId: Type.Union([Type.String(), Type.Null()]),
  webhookSecretStored: Type.Boolean(),
  notifyTriggerId: Type.Union([Type.Integer(), Type.Null()]),
  fieldIds: FieldIdsSchema,
  syncEnabled: Type.Boolean(),
  writebackEnabled: Type.Boolean(),
  syncStartAt: Type.String(),
  revision: Type.Integer(),
})

/** A body that may be left out (then `{}`): every property optional. */
function OptionalBody<T extends TSchema>(schema: T): T {
  return schema
}

/** Lets a POST without a body through as `{}` (its schema has only optional properties). */
const emptyBodyAsObject = (req: FastifyRequest, _reply: unknown, done: () => void) => {
  req.body ??= {}
  done()
}

function zendeskDeps(app: App): ZendeskDeps {
  return {
    db: app.db,
    secrets: app.secrets,
    config: app.config,
    clock: app.clock,
    clientOptions: app.zendeskClientOptions,
  }
}

/** The service's own URL: configured, or as the caller reached it. */
function serviceUrl(app: App, req: { protocol: string; host: string }): string {
  return (app.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '')
}

export function zendeskRoutes(app: App): void {
  const deps = () => zendeskDeps(app)

  app.get(
    '/api/v1/zendesk/connection',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['zendesk'],
        summary: "The tenant's Zendesk connection (never its credentials)",
        response: { 200: ConnectionSchema, '4xx': ErrorSchema },
      },
    },
    async (req) => connectionView(await getConnection(app.db, principalOf(req).tenantId)),
  )

  app.put(
    '/api/v1/zendesk/connection',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['zendesk'],
        summary: 'Connect with an API token (internal integrations)',
        description:
          "Stores the subdomain and an admin's email and API token, sealed with the service key. Marketplace installs use the OAuth flow instead (Zendesk's terms forbid collecting customers' API tokens). Check the connection next, then run the setup.",
        body: Type.Object(
          {
            subdomain: Type.Optional(SubdomainSchema),
            email: Type.String({
              minLength: 3,
              maxLength: 320,
              pattern: '^[^@\\s]+@[^@\\s]+$',
              errorMessage: "must be the Zendesk admin's email address",
            }),
            apiToken: Type.String({
              minLength: 8,
              maxLength: 200,
              errorMessage:
                'must be a Zendesk API token (Admin Center → Apps and integrations → Zendesk API)',
            }),
            baseUrl: Type.Optional(
              Type.String({ pattern: '^https?://', errorMessage: 'must be an http(s) URL' }),
            ),
            syncStartAt: Type.Optional(InstantText),
            fieldIds: Type.Optional(FieldIdsSchema),
            syncEnabled: Type.Optional(Type.Boolean()),
            writebackEnabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: ConnectionSchema, '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const p = principalOf(req)
      if (req.body.subdomain !== undefined && req.body.subdomain !== p.subdomain)
        throw new InvalidInput([
          issue(
            'subdomain',
            'tenant',
            `must be this tenant's Zendesk subdomain (${p.subdomain}); a tenant is one Zendesk account`,
          ),
        ])
      const { subdomain: _s, ...rest } = req.body
      const row = await saveApiTokenConnection(deps(), p.tenantId, {
        ...rest,
        subdomain: p.subdomain,
      })
      await appendAudit(app.db, {
        tenantId: p.tenantId,
        at: new Date(app.clock()),
        actor: p.actor,
        action: 'connect',
        entity: 'zendesk-connection',
        entityId: p.subdomain,
        before: null,
        after: { auth: 'api-token', email: row.email, baseUrl: row.base_url },
      })
      return connectionView(row)
    },
  )

  app.delete(
    '/api/v1/zendesk/connection',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['zendesk'],
        summary: 'Disconnect: forget the credentials and stop syncing (synced data stays)',
        response: { 204: Type.Null(), '4xx': ErrorSchema },
      },
    },
    async (req, reply) => {
      const p = principalOf(req)
      const before = await getConnection(app.db, p.tenantId)
      await deleteConnection(app.db, p.tenantId)
      await appendAudit(app.db, {
        tenantId: p.tenantId,
        at: new Date(app.clock()),
        actor: p.actor,
        action: 'disconnect',
        entity: 'zendesk-connection',
        entityId: p.subdomain,
        before: { auth: before.auth_kind, email: before.email },
        after: null,
      })
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/v1/zendesk/connection/check',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['zendesk'],
        summary: 'Call Zendesk as the connection and say whether it works',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            user: Type.Union([
              Type.Object({ id: Type.Integer(), name: Type.String(), role: Type.String() }),
              Type.Null(),
            ]),
            problems: Type.Array(Type.String()),
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req) => checkConnection(deps(), principalOf(req).tenantId),
  )

  app.post(
    '/api/v1/zendesk/connection/setup',
    {
      config: { auth: 'admin' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['zendesk'],
        summary:
          "Wire Zendesk to the service: find our fields, point the app's webhook here, create the notify trigger",
        body: OptionalBody(
          Type.Object(
            {
              serviceUrl: Type.Optional(
                Type.String({ pattern: '^https?://', errorMessage: 'must be an http(s) URL' }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({
            fieldIds: FieldIdsSchema,
            missingFields: Type.Array(Type.String()),
            webhook: Type.Object({
              id: Type.String(),
              endpoint: Type.String(),
              created: Type.Boolean(),
            }),
            trigger: Type.Object({ id: Type.Integer(), created: Type.Boolean() }),
            views: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String() })),
          }),
          '4xx': ErrorSchema,
          '5xx': ErrorSchema,
        },
      },
    },
    async (req) =>
      setupZendesk(deps(), principalOf(req).tenantId, req.body.serviceUrl ?? serviceUrl(app, req)),
  )

  app.post(
    '/api/v1/zendesk/oauth/start',
    {
      config: { auth: 'admin' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['zendesk'],
        summary: 'Start the OAuth authorization-code flow (marketplace installs)',
        description:
          'Returns the Zendesk consent URL to open as a Zendesk admin. Zendesk redirects to /zendesk/oauth/callback, which stores the tokens. Needs the global OAuth client in the configuration.',
        body: OptionalBody(
          Type.Object(
            {
              baseUrl: Type.Optional(
                Type.String({ pattern: '^https?://', errorMessage: 'must be an http(s) URL' }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({
            authorizeUrl: Type.String(),
            state: Type.String(),
            expiresAt: Type.String(),
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req) => {
      const p = principalOf(req)
      return startOAuth(deps(), p.tenantId, {
        subdomain: p.subdomain,
        redirectUri: `${serviceUrl(app, req)}/zendesk/oauth/callback`,
        ...(req.body.baseUrl !== undefined ? { baseUrl: req.body.baseUrl } : {}),
      })
    },
  )

  app.get(
    '/zendesk/oauth/callback',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['zendesk'],
        summary: "Zendesk's redirect after the admin's consent",
        querystring: Type.Object({
          state: Type.Optional(Type.String({ maxLength: 200 })),
          code: Type.Optional(Type.String({ maxLength: 2000 })),
          error: Type.Optional(Type.String({ maxLength: 200 })),
          error_description: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: {
          200: Type.Object({
            connected: Type.Boolean(),
            subdomain: Type.String(),
            next: Type.String(),
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req) => {
      const q = req.query
      if (q.error !== undefined)
        throw new InvalidInput([
          issue('error', 'consent', `Zendesk refused: ${q.error_description ?? q.error}`),
        ])
      if (q.state === undefined || q.code === undefined)
        throw new InvalidInput([
          issue(
            q.state === undefined ? 'state' : 'code',
            'required',
            'is required (open this page only through Zendesk)',
          ),
        ])
      const { connection } = await finishOAuth(deps(), { state: q.state, code: q.code })
      return {
        connected: true,
        subdomain: connection.subdomain,
        next: 'POST /api/v1/zendesk/connection/check, then POST /api/v1/zendesk/connection/setup',
      }
    },
  )

  app.get(
    '/api/v1/zendesk/organizations',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['zendesk'],
        summary:
          'Zendesk organizations as synced, with the account each maps to (for mapping screens)',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            unmapped: Type.Optional(Type.Boolean()),
            after: Type.Optional(
              Type.Integer({ minimum: 0, errorMessage: 'must be an organization id' }),
            ),
            limit: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 500, errorMessage: 'must be 1–500' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: OrganizationPageSchema, '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 100
      const items = await listOrganizations(app.db, principalOf(req).tenantId, {
        limit: limit + 1,
        ...(req.query.after !== undefined ? { after: req.query.after } : {}),
        ...(req.query.q !== undefined ? { search: req.query.q } : {}),
        ...(req.query.unmapped !== undefined ? { unmapped: req.query.unmapped } : {}),
      })
      const page = items.slice(0, limit)
      return { items: page, next: items.length > limit ? page.at(-1)!.id : null }
    },
  )

  app.get(
    '/api/v1/zendesk/sync',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['zendesk'],
        summary: 'Sync status: running or not, lag per stream, speed, last error, write-back',
        description: 'Fields are described in docs/zendesk-setup.md, "Watching the sync".',
        response: {
          200: Type.Object(
            {
              connected: Type.Boolean(),
              state: Type.String(),
              lagSeconds: Type.Union([Type.Number(), Type.Null()]),
              streams: Type.Array(Type.Object({}, { additionalProperties: true })),
            },
            { additionalProperties: true },
          ),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req) => syncStatus(app.db, principalOf(req).tenantId, app.clock()),
  )

  app.post(
    '/api/v1/zendesk/sync',
    {
      config: { auth: 'admin' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['zendesk'],
        summary: 'Sync now, or backfill from a chosen start',
        description:
          'With `backfillFrom`, the ticket and ticket-event exports start again from that instant (already stored events are kept; nothing is duplicated).',
        body: OptionalBody(
          Type.Object(
            { backfillFrom: Type.Optional(InstantText) },
            { additionalProperties: false },
          ),
        ),
        response: {
          202: Type.Object({
            requestedAt: Type.String(),
            backfillFrom: Type.Union([Type.String(), Type.Null()]),
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const p = principalOf(req)
      await getConnection(app.db, p.tenantId) // 404 without one
      const now = app.clock()
      let from: Date | null = null
      if (req.body.backfillFrom !== undefined) {
        const t = Date.parse(req.body.backfillFrom)
        if (!Number.isFinite(t) || t > now - 60_000)
          throw new InvalidInput([
            issue('backfillFrom', 'instant', 'must be at least one minute in the past'),
          ])
        from = new Date(t)
        await app.db.transaction().execute(async (tx) => {
          await tx
            .updateTable('zendesk_connections')
            .set({ sync_start_at: from! })
            .where('tenant_id', '=', p.tenantId)
            .execute()
          await resetStreams(tx, p.tenantId, ['tickets', 'ticket_events'])
        })
      }
      await requestSync(app.db, [p.tenantId], new Date(now))
      app.zendeskWorker?.wake()
      return reply.status(202).send({
        requestedAt: new Date(now).toISOString(),
        backfillFrom: from?.toISOString() ?? null,
      })
    },
  )
}
