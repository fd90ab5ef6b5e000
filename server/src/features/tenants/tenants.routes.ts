import Type from 'typebox'
import type { App } from '../../app.js'
import { principalOf } from '../../plugins/auth.js'
import { ErrorSchema } from '../../lib/http-schemas.js'
import {
  createTenant,
  createToken,
  listTokens,
  revokeToken,
  rotateSharedSecret,
  tenantView,
} from './tenants.service.js'
import { findTenantById } from './tenants.repository.js'

const SubdomainSchema = Type.String({
  pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
  errorMessage:
    'must be a Zendesk subdomain: lower-case letters, digits and hyphens (acme for acme.zendesk.com)',
})

const TenantSchema = Type.Object({
  id: Type.String(),
  subdomain: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
})
const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: Type.Enum(['read', 'admin']),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
})

export function tenantRoutes(app: App): void {
  app.post(
    '/api/v1/tenants',
    {
      config: { auth: 'operator' },
      schema: {
        tags: ['tenants'],
        summary: 'Create a tenant (a Zendesk account) — operator only',
        description:
          'Returns the ZAF JWT shared secret and a first admin API token. Both are shown once.',
        body: Type.Object(
          { subdomain: SubdomainSchema, name: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            tenant: TenantSchema,
            sharedSecret: Type.String(),
            adminToken: Type.String(),
          }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const created = await createTenant(app.db, app.secrets, {
        ...req.body,
        actor: 'operator',
        now: new Date(app.clock()),
      })
      return reply.status(201).send(created)
    },
  )

  app.get(
    '/api/v1/tenant',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['tenants'],
        summary: 'The tenant of the caller',
        response: { 200: TenantSchema, '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const row = await findTenantById(app.db, principalOf(req).tenantId)
      return tenantView(row!)
    },
  )

  app.post(
    '/api/v1/tenant/shared-secret',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['tenants'],
        summary: 'Rotate the ZAF JWT shared secret (shown once; update the app setting)',
        response: { 200: Type.Object({ sharedSecret: Type.String() }), '4xx': ErrorSchema },
      },
    },
    async (req) => {
      const p = principalOf(req)
      const sharedSecret = await rotateSharedSecret(app.db, app.secrets, {
        tenantId: p.tenantId,
        actor: p.actor,
        now: new Date(app.clock()),
      })
      app.forgetTenant(p.subdomain)
      return { sharedSecret }
    },
  )

  app.get(
    '/api/v1/tokens',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'API tokens (never their secrets)',
        response: { 200: Type.Object({ tokens: Type.Array(TokenSchema) }), '4xx': ErrorSchema },
      },
    },
    async (req) => ({ tokens: await listTokens(app.db, principalOf(req).tenantId) }),
  )

  app.post(
    '/api/v1/tokens',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (the token is shown once)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            scope: Type.Enum(['read', 'admin']),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ token: Type.String(), tokenInfo: TokenSchema }),
          '4xx': ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const p = principalOf(req)
      const r = await createToken(app.db, {
        tenantId: p.tenantId,
        name: req.body.name,
        scope: req.body.scope,
        actor: p.actor,
        now: new Date(app.clock()),
      })
      return reply.status(201).send({ token: r.token, tokenInfo: r.view })
    },
  )

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: Type.Object({
          id: Type.String({
            pattern: '^[a-z2-9]{12}$',
            errorMessage: 'must be a token id (12 characters)',
          }),
        }),
        response: { 204: Type.Null(), '4xx': ErrorSchema },
      },
    },
    async (req, reply) => {
      const p = principalOf(req)
      await revokeToken(app.db, {
        tenantId: p.tenantId,
        id: req.params.id,
        actor: p.actor,
        now: new Date(app.clock()),
      })
      return reply.status(204).send(null)
    },
  )
}
