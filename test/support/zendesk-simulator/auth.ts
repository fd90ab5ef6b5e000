/**
 * Request authentication: Basic `{email}/token:{api_token}` or `Bearer <access token>` issued by
 * the account's OAuth server, plus OAuth scope checks (`read`, `write`, `<resource>:read|write`).
 */
import type { AuthKind, SimAccount } from './account.js'

export type AuthOutcome =
  | { ok: true; kind: 'basic' | 'bearer'; userId: number; scope: string | null }
  | { ok: false; kind: AuthKind }

export function authenticate(account: SimAccount, header: string | undefined): AuthOutcome {
  if (header === undefined || header.trim() === '') return { ok: false, kind: 'none' }
  const [scheme, credentials = ''] = header.trim().split(/\s+/, 2)
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    const username = colon < 0 ? decoded : decoded.slice(0, colon)
    const password = colon < 0 ? '' : decoded.slice(colon + 1)
    if (!username.endsWith('/token')) return { ok: false, kind: 'bad' }
    const email = username.slice(0, -'/token'.length)
    if (email.toLowerCase() !== account.email.toLowerCase() || password !== account.apiToken) {
      return { ok: false, kind: 'bad' }
    }
    const user = account.directory.findUserByEmail(email)
    return user
      ? { ok: true, kind: 'basic', userId: user.id, scope: null }
      : { ok: false, kind: 'bad' }
  }
  if (scheme?.toLowerCase() === 'bearer') {
    const bearer = account.oauth.authenticate(credentials)
    return bearer.kind === 'ok'
      ? { ok: true, kind: 'bearer', userId: bearer.userId, scope: bearer.scope }
      : { ok: false, kind: 'bad' }
  }
  return { ok: false, kind: 'bad' }
}

const SCOPED_RESOURCES = new Set([
  'tickets',
  'users',
  'auditlogs',
  'organizations',
  'hc',
  'apps',
  'triggers',
  'automations',
  'targets',
  'webhooks',
  'macros',
  'requests',
  'satisfaction_ratings',
  'dynamic_content',
  'any_channel',
  'web_widget',
  'security',
  'unrestricted',
])

/** Whether an OAuth scope string allows this request. An invalid scope allows nothing. */
export function scopeAllows(scope: string, method: string, resource: string | undefined): boolean {
  const parts = scope.split(/\s+/).filter((s) => s !== '')
  const valid = parts.every((p) => {
    if (p === 'read' || p === 'write' || p === 'impersonate') return true
    const [name, access] = p.split(':')
    return (
      name !== undefined && SCOPED_RESOURCES.has(name) && (access === 'read' || access === 'write')
    )
  })
  if (!valid || parts.length === 0) return false
  const access = method === 'GET' ? 'read' : 'write'
  return (
    parts.includes(access) || (resource !== undefined && parts.includes(`${resource}:${access}`))
  )
}
