import type { Kysely } from 'kysely'
import type { Database, Row } from '../../db/database.js'

export type TenantRow = Row<'tenants'>
export type ApiTokenRow = Row<'api_tokens'>

export function findTenantBySubdomain(
  db: Kysely<Database>,
  subdomain: string,
): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').selectAll().where('subdomain', '=', subdomain).executeTakeFirst()
}

export function findTenantById(db: Kysely<Database>, id: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertTenant(
  db: Kysely<Database>,
  t: { subdomain: string; name: string; jwtSecretEnc: string },
): Promise<TenantRow> {
  return db
    .insertInto('tenants')
    .values({ subdomain: t.subdomain, name: t.name, jwt_secret_enc: t.jwtSecretEnc })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateTenantSecret(
  db: Kysely<Database>,
  tenantId: string,
  jwtSecretEnc: string,
): Promise<void> {
  await db
    .updateTable('tenants')
    .set({ jwt_secret_enc: jwtSecretEnc })
    .where('id', '=', tenantId)
    .execute()
}

export async function insertApiToken(
  db: Kysely<Database>,
  t: { id: string; tenantId: string; name: string; scope: 'read' | 'admin'; secretHash: string },
): Promise<ApiTokenRow> {
  return db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      tenant_id: t.tenantId,
      name: t.name,
      scope: t.scope,
      secret_hash: t.secretHash,
      last_used_at: null,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function findApiToken(db: Kysely<Database>, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listApiTokens(db: Kysely<Database>, tenantId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute()
}

export async function revokeApiToken(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

export async function touchApiToken(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute()
}
