import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { Conflict, NotFound } from '../../errors.js'
import { newApiToken, newSharedSecret } from '../../lib/api-tokens.js'
import type { SecretBox } from '../../lib/secret-box.js'
import { appendAudit } from '../audit/audit.repository.js'
import {
  findTenantBySubdomain,
  insertApiToken,
  insertTenant,
  listApiTokens,
  revokeApiToken,
  updateTenantSecret,
  type ApiTokenRow,
  type TenantRow,
} from './tenants.repository.js'

export interface TenantView {
  id: string
  subdomain: string
  name: string
  createdAt: string
}

export interface TokenView {
  id: string
  name: string
  scope: 'read' | 'admin'
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export const tenantView = (t: TenantRow): TenantView => ({
  id: t.id,
  subdomain: t.subdomain,
  name: t.name,
  createdAt: t.created_at.toISOString(),
})

export const tokenView = (t: ApiTokenRow): TokenView => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  createdAt: t.created_at.toISOString(),
  lastUsedAt: t.last_used_at?.toISOString() ?? null,
  revokedAt: t.revoked_at?.toISOString() ?? null,
})

export interface CreatedTenant {
  tenant: TenantView
  /** The ZAF JWT shared secret: paste it into the app's `shared_secret` setting. Shown once. */
  sharedSecret: string
  /** An admin API token. Shown once. */
  adminToken: string
}

/** Creates a tenant with its JWT shared secret and a first admin token. */
export async function createTenant(
  db: Kysely<Database>,
  secrets: SecretBox,
  input: { subdomain: string; name: string; actor: string; now: Date },
): Promise<CreatedTenant> {
  return db.transaction().execute(async (tx) => {
    if (await findTenantBySubdomain(tx, input.subdomain))
      throw new Conflict(`a tenant for the Zendesk subdomain "${input.subdomain}" already exists`)
    const sharedSecret = newSharedSecret()
    const tenant = await insertTenant(tx, {
      subdomain: input.subdomain,
      name: input.name,
      jwtSecretEnc: secrets.seal(sharedSecret),
    })
    const token = newApiToken()
    await insertApiToken(tx, {
      id: token.id,
      tenantId: tenant.id,
      name: 'initial admin token',
      scope: 'admin',
      secretHash: token.secretHash,
    })
    await appendAudit(tx, {
      tenantId: tenant.id,
      at: input.now,
      actor: input.actor,
      action: 'create',
      entity: 'tenant',
      entityId: tenant.id,
      before: null,
      after: tenantView(tenant),
    })
    return { tenant: tenantView(tenant), sharedSecret, adminToken: token.token }
  })
}

/** Replaces the tenant's JWT shared secret; returns the new one (shown once). */
export async function rotateSharedSecret(
  db: Kysely<Database>,
  secrets: SecretBox,
  input: { tenantId: string; actor: string; now: Date },
): Promise<string> {
  const sharedSecret = newSharedSecret()
  await db.transaction().execute(async (tx) => {
    await updateTenantSecret(tx, input.tenantId, secrets.seal(sharedSecret))
    await appendAudit(tx, {
      tenantId: input.tenantId,
      at: input.now,
      actor: input.actor,
      action: 'rotate',
      entity: 'tenant',
      entityId: input.tenantId,
      before: null,
      after: { sharedSecret: '(rotated)' },
    })
  })
  return sharedSecret
}

export async function createToken(
  db: Kysely<Database>,
  input: { tenantId: string; name: string; scope: 'read' | 'admin'; actor: string; now: Date },
): Promise<{ token: string; view: TokenView }> {
  const token = newApiToken()
  return db.transaction().execute(async (tx) => {
    const row = await insertApiToken(tx, {
      id: token.id,
      tenantId: input.tenantId,
      name: input.name,
      scope: input.scope,
      secretHash: token.secretHash,
    })
    await appendAudit(tx, {
      tenantId: input.tenantId,
      at: input.now,
      actor: input.actor,
      action: 'create',
      entity: 'api-token',
      entityId: row.id,
      before: null,
      after: tokenView(row),
    })
    return { token: token.token, view: tokenView(row) }
  })
}

export async function listTokens(db: Kysely<Database>, tenantId: string): Promise<TokenView[]> {
  return (await listApiTokens(db, tenantId)).map(tokenView)
}

export async function revokeToken(
  db: Kysely<Database>,
  input: { tenantId: string; id: string; actor: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (!(await revokeApiToken(tx, input.tenantId, input.id, input.now)))
      throw new NotFound(`no active API token "${input.id}"`)
    await appendAudit(tx, {
      tenantId: input.tenantId,
      at: input.now,
      actor: input.actor,
      action: 'revoke',
      entity: 'api-token',
      entityId: input.id,
      before: null,
      after: null,
    })
  })
}
