/**
 * Authentication and tenancy. Every route declares `config.auth`:
 * - `public`: no credentials (health, docs);
 * - `read`: an API token (read or admin scope) or a ZAF-signed JWT from the Zendesk app;
 * - `admin`: an admin API token (a JWT's claims are set in the agent's browser, so a role claim
 *   is never trusted for admin work);
 * - `operator`: the operator token from the configuration (creating tenants).
 *
 * A ZAF JWT is HS256, signed by Zendesk's proxy with the tenant's shared secret; it must carry
 * `iss` (the tenant's Zendesk subdomain) and `exp`, and is checked against the service clock.
 */
import { timingSafeEqual } from 'node:crypto'
import { createDecoder, createVerifier } from 'fast-jwt'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Forbidden, Unauthorized } from '../errors.js'
import { parseApiToken, secretMatches } from '../lib/api-tokens.js'
import {
  findApiToken,
  findTenantById,
  findTenantBySubdomain,
  touchApiToken,
  type TenantRow,
} from '../features/tenants/tenants.repository.js'

export type Scope = 'read' | 'admin'
export type AuthRequirement = 'public' | 'read' | 'admin' | 'operator'

export interface Principal {
  tenantId: string
  subdomain: string
  kind: 'api-token' | 'agent'
  /** Who, for the audit log: `token:<id>` or `agent:<zendesk user id>`. */
  actor: string
  scope: Scope
  /** JWT claims, for agent requests. */
  claims?: Record<string, unknown>
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement
  }
  interface FastifyRequest {
    principal: Principal | undefined
  }
}

/** Seconds of clock difference tolerated on `exp`/`nbf` between Zendesk's proxy and us. */
export const JWT_CLOCK_TOLERANCE_S = 30
const TENANT_CACHE_MS = 60_000

interface CachedTenant {
  row: TenantRow
  verify: (token: string) => Record<string, unknown>
  until: number
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization
  if (typeof h !== 'string') return undefined
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
  return m?.[1]
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export default fp(
  (app: FastifyInstance) => {
    const decode = createDecoder({ complete: false })
    const cache = new Map<string, CachedTenant>()

    const tenantForJwt = async (subdomain: string): Promise<CachedTenant | undefined> => {
      const now = app.clock()
      const hit = cache.get(subdomain)
      if (hit && hit.until > now) return hit
      const row = await findTenantBySubdomain(app.db, subdomain)
      if (!row) return undefined
      const secret = app.secrets.open(row.jwt_secret_enc)
      const entry: CachedTenant = {
        row,
        // Expiry is checked below against the service clock (injectable in tests).
        verify: createVerifier({
          key: secret,
          algorithms: ['HS256'],
          ignoreExpiration: true,
          ignoreNotBefore: true,
        }),
        until: now + TENANT_CACHE_MS,
      }
      cache.set(subdomain, entry)
      return entry
    }

    /** Forget a tenant's cached secret (after rotation). */
    app.decorate('forgetTenant', (subdomain: string) => {
      cache.delete(subdomain)
    })

    const authenticate = async (req: FastifyRequest, token: string): Promise<Principal> => {
      const parsed = parseApiToken(token)
      if (parsed) {
        const row = await findApiToken(app.db, parsed.id)
        if (!row || row.revoked_at !== null || !secretMatches(parsed.secret, row.secret_hash))
          throw new Unauthorized('the API token is not valid (unknown, revoked or wrong)')
        const tenant = await findTenantById(app.db, row.tenant_id)
        if (!tenant) throw new Unauthorized('the API token is not valid')
        // Best effort, outside the request's own work.
        touchApiToken(app.db, row.id, new Date(app.clock())).catch((e: unknown) =>
          req.log.warn({ err: e }, 'could not record token use'),
        )
        return {
          tenantId: tenant.id,
          subdomain: tenant.subdomain,
          kind: 'api-token',
          actor: `token:${row.id}`,
          scope: row.scope,
        }
      }
      if (token.split('.').length !== 3)
        throw new Unauthorized('the bearer token is neither an API token nor a JWT')
      let claims: Record<string, unknown>
      try {
        claims = decode(token) as Record<string, unknown>
      } catch {
        throw new Unauthorized('the JWT cannot be decoded')
      }
      const iss = claims.iss
      if (typeof iss !== 'string' || iss === '')
        throw new Unauthorized('the JWT has no "iss" claim (the Zendesk subdomain)')
      const tenant = await tenantForJwt(iss)
      if (!tenant) throw new Unauthorized(`no tenant for the JWT issuer "${iss}"`)
      try {
        claims = tenant.verify(token)
      } catch (e) {
        const code = (e as { code?: string }).code ?? ''
        throw new Unauthorized(
          code === 'FAST_JWT_INVALID_ALGORITHM'
            ? 'the JWT must be signed with HS256'
            : 'the JWT signature is not valid',
        )
      }
      const nowS = app.clock() / 1000
      if (typeof claims.exp !== 'number') throw new Unauthorized('the JWT has no "exp" claim')
      if (claims.exp + JWT_CLOCK_TOLERANCE_S < nowS) throw new Unauthorized('the JWT has expired')
      if (typeof claims.nbf === 'number' && claims.nbf - JWT_CLOCK_TOLERANCE_S > nowS)
        throw new Unauthorized('the JWT is not valid yet')
      const sub =
        typeof claims.sub === 'string' || typeof claims.sub === 'number'
          ? String(claims.sub)
          : 'unknown'
      return {
        tenantId: tenant.row.id,
        subdomain: tenant.row.subdomain,
        kind: 'agent',
        actor: `agent:${sub}`,
        scope: 'read',
        claims,
      }
    }

    app.decorateRequest('principal', undefined)
    const check = async (req: FastifyRequest, need: AuthRequirement): Promise<void> => {
      const token = bearer(req)
      if (need === 'operator') {
        const op = app.config.operatorToken
        if (op === undefined)
          throw new Forbidden('tenant creation through the API is disabled: set OPERATOR_TOKEN')
        if (token === undefined || !sameSecret(token, op))
          throw new Unauthorized('the operator token is missing or wrong')
        return
      }
      if (token === undefined)
        throw new Unauthorized(
          'missing "Authorization: Bearer <token>" (an API token or a ZAF JWT)',
        )
      const principal = await authenticate(req, token)
      if (need === 'admin' && principal.scope !== 'admin')
        throw new Forbidden(
          principal.kind === 'agent'
            ? 'this route needs an admin API token; the Zendesk app cannot call it'
            : 'this route needs an admin-scoped API token',
        )
      req.principal = principal
    }
    // Synchronous for public routes (webhooks, health): no promise on their hot path.
    app.addHook('onRequest', (req, _reply, done) => {
      const need = req.routeOptions.config.auth ?? 'admin'
      if (need === 'public') return done()
      check(req, need).then(() => done(), done)
    })
  },
  { name: 'auth', dependencies: ['context'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    forgetTenant(subdomain: string): void
  }
}

/** The authenticated principal of a route that requires one. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Unauthorized('not authenticated')
  return req.principal
}
