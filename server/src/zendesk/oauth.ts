/**
 * Zendesk OAuth for the marketplace integration (reference §8): a global OAuth client, the
 * authorization-code grant with PKCE (S256), and refresh tokens because access tokens may expire.
 *
 * The token endpoint is called exactly once per function call, never retried: an authorization
 * code is single-use (and valid for 120 s), and whether a refresh that timed out was applied cannot
 * be known, so the caller decides. 4xx answers become `ZendeskAuthError` with Zendesk's
 * `error` / `error_description`; no secret (client secret, code, verifier, tokens) is ever put in a
 * message.
 */
import { createHash, randomBytes } from 'node:crypto'

import { redact, zendeskBaseUrl } from './client.js'
import { ZendeskAuthError, ZendeskHttpError, ZendeskUnavailableError } from './errors.js'
import type { WireOAuthTokenResponse } from './wire.js'

/** Which Zendesk account: `https://{subdomain}.zendesk.com` unless `baseUrl` says otherwise. */
export interface ZendeskOAuthEndpoint {
  subdomain: string
  baseUrl?: string
}

/** The tokens to store for a tenant (encrypted). */
export interface ZendeskTokens {
  accessToken: string
  /** `null` when Zendesk issued none. */
  refreshToken: string | null
  /** Epoch ms computed from `expires_in`; `null` when the token does not expire. */
  expiresAt: number | null
  /** Space-separated scopes actually granted. */
  scope: string
}

/** Options shared by the token calls. */
export interface TokenRequestOptions extends ZendeskOAuthEndpoint {
  clientId: string
  /** Required for confidential clients (global OAuth clients are). */
  clientSecret?: string
  /** Space-separated; Zendesk keeps the granted scope when omitted. */
  scope?: string
  /** Access-token lifetime to ask for, 300 < s < 172 800 (OAS). */
  expiresIn?: number
  /** Refresh-token lifetime to ask for, 604 800 ≤ s ≤ 7 776 000 (OAS). */
  refreshTokenExpiresIn?: number
  fetch?: typeof fetch
  /** Default 30 000. */
  timeoutMs?: number
  /** Epoch ms; default `Date.now`. */
  now?: () => number
  signal?: AbortSignal
}

const TOKEN_PATH = '/oauth/tokens'

/**
 * The URL to send an admin to: `…/oauth/authorizations/new?response_type=code&client_id=…
 * &redirect_uri=…&scope=…&state=…&code_challenge=…&code_challenge_method=S256`.
 */
export function authorizeUrl(
  params: ZendeskOAuthEndpoint & {
    clientId: string
    redirectUri: string
    scope: string
    state: string
    codeChallenge: string
  },
): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    scope: params.scope,
    state: params.state,
    code_challenge: params.codeChallenge,
    code_challenge_method: 'S256',
  })
  return `${zendeskBaseUrl(params.subdomain, params.baseUrl)}/oauth/authorizations/new?${query}`
}

/** A PKCE verifier (43 base64url characters from 32 random bytes) and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string; method: 'S256' } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' }
}

/** `base64url(sha256(verifier))` without padding (RFC 7636 S256). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/** Exchanges an authorization code (valid 120 s, single use) for tokens. */
export function exchangeCode(
  params: TokenRequestOptions & { code: string; redirectUri: string; codeVerifier: string },
): Promise<ZendeskTokens> {
  return requestToken(
    params,
    {
      grant_type: 'authorization_code',
      code: params.code,
      client_id: params.clientId,
      client_secret: params.clientSecret,
      redirect_uri: params.redirectUri,
      code_verifier: params.codeVerifier,
      scope: params.scope,
      expires_in: params.expiresIn,
      refresh_token_expires_in: params.refreshTokenExpiresIn,
    },
    [params.code, params.codeVerifier],
  )
}

/**
 * Exchanges a refresh token for new tokens. Store the returned refresh token when there is one:
 * Zendesk may rotate it (UNCONFIRMED whether the old one keeps working).
 */
export function refreshAccessToken(
  params: TokenRequestOptions & { refreshToken: string },
): Promise<ZendeskTokens> {
  return requestToken(
    params,
    {
      grant_type: 'refresh_token',
      refresh_token: params.refreshToken,
      client_id: params.clientId,
      client_secret: params.clientSecret,
      scope: params.scope,
      expires_in: params.expiresIn,
      refresh_token_expires_in: params.refreshTokenExpiresIn,
    },
    [params.refreshToken],
  )
}

async function requestToken(
  options: TokenRequestOptions,
  fields: Record<string, string | number | undefined>,
  moreSecrets: readonly string[],
): Promise<ZendeskTokens> {
  const secrets = [
    ...moreSecrets,
    ...(options.clientSecret === undefined ? [] : [options.clientSecret]),
  ]
  const body = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
  const base = { method: 'POST', path: TOKEN_PATH }
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])

  let status: number
  let text: string
  try {
    const response = await (options.fetch ?? globalThis.fetch)(
      zendeskBaseUrl(options.subdomain, options.baseUrl) + TOKEN_PATH,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal,
        redirect: 'manual',
      },
    )
    status = response.status
    text = await response.text()
  } catch (error) {
    if (options.signal?.aborted === true) throw options.signal.reason
    throw new ZendeskUnavailableError({
      ...base,
      status: null,
      attempts: 1,
      reason: timeout.aborted ? 'timeout' : 'network error',
      cause: error,
    })
  }

  const parsed = parseJson(text)
  if (status >= 400 && status < 500) {
    const error = typeof parsed?.error === 'string' ? parsed.error : undefined
    const description =
      typeof parsed?.error_description === 'string'
        ? parsed.error_description
        : typeof parsed?.description === 'string'
          ? parsed.description
          : undefined
    throw new ZendeskAuthError({
      ...base,
      status,
      zendeskError: error === undefined ? undefined : redact(error, secrets),
      zendeskDescription: description === undefined ? undefined : redact(description, secrets),
    })
  }
  if (status >= 500) {
    throw new ZendeskUnavailableError({ ...base, status, attempts: 1, reason: `http ${status}` })
  }
  if (status < 200 || status >= 300) throw new ZendeskHttpError({ ...base, status })

  const token = parsed as Partial<WireOAuthTokenResponse> | undefined
  if (typeof token?.access_token !== 'string' || token.access_token === '') {
    throw new ZendeskUnavailableError({
      ...base,
      status,
      attempts: 1,
      reason: 'token response without access_token',
    })
  }
  const now = (options.now ?? Date.now)()
  return {
    accessToken: token.access_token,
    refreshToken: typeof token.refresh_token === 'string' ? token.refresh_token : null,
    expiresAt: typeof token.expires_in === 'number' ? now + token.expires_in * 1000 : null,
    scope: typeof token.scope === 'string' ? token.scope : (options.scope ?? ''),
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
