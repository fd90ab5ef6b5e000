/**
 * OAuth for one account: authorization codes (valid 120 s, PKCE S256 or plain checked), the
 * `/oauth/tokens` grants (authorization_code, refresh_token with rotation, client_credentials) and
 * bearer-token lookup with expiry (`expires_in`, or `expireAll()` for tests).
 */
import { createHash } from 'node:crypto'
import { hexId } from '../util/ids.js'

export interface OAuthClient {
  id: string
  secret: string
}

export interface CodeRequest {
  redirectUri: string
  codeChallenge?: string | null
  codeChallengeMethod?: 'S256' | 'plain'
  scope?: string
  clientId?: string
  userId?: number
}

interface CodeRecord {
  clientId: string
  redirectUri: string
  codeChallenge: string | null
  codeChallengeMethod: 'S256' | 'plain'
  scope: string
  userId: number
  issuedAt: number
  used: boolean
}

interface TokenRecord {
  clientId: string
  scope: string
  userId: number
  expiresAt: number | null
  revoked: boolean
  /** For an access token: the refresh token issued with it. */
  pair: string | null
}

export interface Grant {
  access_token: string
  token_type: 'bearer'
  scope: string
  refresh_token: string
  expires_in: number | null
  refresh_token_expires_in: number
}

export type Bearer =
  { kind: 'ok'; userId: number; scope: string } | { kind: 'expired' } | { kind: 'unknown' }

export interface OAuthReply {
  status: number
  body: Grant | { error: string; error_description: string }
}

const CODE_TTL_MS = 120_000
const DEFAULT_REFRESH_TTL_S = 2_592_000

export class OAuthServer {
  private readonly codes = new Map<string, CodeRecord>()
  private readonly accessTokens = new Map<string, TokenRecord>()
  private readonly refreshTokens = new Map<string, TokenRecord>()
  private count = 0

  constructor(
    private readonly subdomain: string,
    readonly client: OAuthClient,
    private readonly clock: () => number,
    private readonly apiUserId: () => number,
  ) {}

  issueCode(request: CodeRequest): string {
    const code = this.newSecret('code')
    this.codes.set(code, {
      clientId: request.clientId ?? this.client.id,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge ?? null,
      codeChallengeMethod: request.codeChallengeMethod ?? 'S256',
      scope: request.scope ?? 'read write',
      userId: request.userId ?? this.apiUserId(),
      issuedAt: this.clock(),
      used: false,
    })
    return code
  }

  /** A token pair without the code dance (tests). */
  issueToken(options: { scope?: string; expiresIn?: number | null; userId?: number } = {}): Grant {
    return this.grant(
      this.client.id,
      options.scope ?? 'read write',
      options.userId ?? this.apiUserId(),
      options.expiresIn ?? null,
      DEFAULT_REFRESH_TTL_S,
    )
  }

  /** Every access token issued so far stops working (refresh tokens still do). */
  expireAll(): void {
    const now = this.clock()
    for (const token of this.accessTokens.values()) token.expiresAt = now
  }

  authenticate(token: string): Bearer {
    const record = this.accessTokens.get(token)
    if (!record || record.revoked) return { kind: 'unknown' }
    if (record.expiresAt !== null && this.clock() >= record.expiresAt) return { kind: 'expired' }
    return { kind: 'ok', userId: record.userId, scope: record.scope }
  }

  /** POST /oauth/tokens. */
  exchange(body: Record<string, unknown>): OAuthReply {
    const text = (key: string) => (typeof body[key] === 'string' ? body[key] : undefined)
    const grantType = text('grant_type')
    const clientId = text('client_id')
    const secret = text('client_secret')
    const expiresIn = seconds(body.expires_in)
    const refreshTtl = seconds(body.refresh_token_expires_in) ?? DEFAULT_REFRESH_TTL_S
    if (grantType === undefined || !GRANTS.has(grantType)) {
      return fail(
        400,
        'unsupported_grant_type',
        `grant_type ${grantType ?? '(none)'} is not supported`,
      )
    }
    if (clientId !== this.client.id) return fail(401, 'invalid_client', 'Unknown client_id')
    if (secret !== undefined && secret !== this.client.secret) {
      return fail(401, 'invalid_client', 'Client authentication failed')
    }
    if (grantType === 'authorization_code') {
      const code = this.codes.get(text('code') ?? '')
      if (!code || code.used || code.clientId !== clientId) {
        return fail(400, 'invalid_grant', 'The authorization code is invalid or was already used')
      }
      if (this.clock() - code.issuedAt > CODE_TTL_MS) {
        return fail(400, 'invalid_grant', 'The authorization code expired')
      }
      if (text('redirect_uri') !== code.redirectUri) {
        return fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request')
      }
      if (code.codeChallenge !== null) {
        const verifier = text('code_verifier')
        if (
          verifier === undefined ||
          challengeOf(verifier, code.codeChallengeMethod) !== code.codeChallenge
        ) {
          return fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge')
        }
      } else if (secret === undefined) {
        return fail(401, 'invalid_client', 'client_secret is required without PKCE')
      }
      code.used = true
      const scope = text('scope') ?? code.scope
      return { status: 201, body: this.grant(clientId, scope, code.userId, expiresIn, refreshTtl) }
    }
    if (secret === undefined) return fail(401, 'invalid_client', 'client_secret is required')
    if (grantType === 'refresh_token') {
      const token = text('refresh_token') ?? ''
      const refresh = this.refreshTokens.get(token)
      if (!refresh || refresh.revoked || refresh.clientId !== clientId) {
        return fail(400, 'invalid_grant', 'The refresh token is invalid')
      }
      if (refresh.expiresAt !== null && this.clock() >= refresh.expiresAt) {
        return fail(400, 'invalid_grant', 'The refresh token expired')
      }
      refresh.revoked = true
      for (const access of this.accessTokens.values())
        if (access.pair === token) access.revoked = true
      const scope = text('scope') ?? refresh.scope
      return {
        status: 201,
        body: this.grant(clientId, scope, refresh.userId, expiresIn, refreshTtl),
      }
    }
    const scope = text('scope') ?? 'read write'
    return {
      status: 201,
      body: this.grant(clientId, scope, this.apiUserId(), expiresIn, refreshTtl),
    }
  }

  private grant(
    clientId: string,
    scope: string,
    userId: number,
    expiresIn: number | null,
    refreshTtl: number,
  ): Grant {
    const now = this.clock()
    const access = this.newSecret('access')
    const refresh = this.newSecret('refresh')
    this.refreshTokens.set(refresh, {
      clientId,
      scope,
      userId,
      expiresAt: now + refreshTtl * 1000,
      revoked: false,
      pair: null,
    })
    this.accessTokens.set(access, {
      clientId,
      scope,
      userId,
      expiresAt: expiresIn === null ? null : now + expiresIn * 1000,
      revoked: false,
      pair: refresh,
    })
    return {
      access_token: access,
      token_type: 'bearer',
      scope,
      refresh_token: refresh,
      expires_in: expiresIn,
      refresh_token_expires_in: refreshTtl,
    }
  }

  private newSecret(kind: string): string {
    return hexId(`${this.subdomain}:${kind}:${++this.count}`)
  }
}

const GRANTS = new Set(['authorization_code', 'refresh_token', 'client_credentials'])

/** The PKCE challenge of a verifier (RFC 7636). */
export function challengeOf(verifier: string, method: 'S256' | 'plain' = 'S256'): string {
  return method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url')
}

function seconds(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null
}

function fail(status: number, error: string, description: string): OAuthReply {
  return { status, body: { error, error_description: description } }
}
