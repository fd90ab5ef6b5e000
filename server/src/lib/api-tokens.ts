/**
 * API tokens: `slat_<id>_<secret>`. The id is the row's key; only a SHA-256 of the secret is
 * stored, and it is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const TOKEN_PREFIX = 'slat_'
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'

export interface NewToken {
  id: string
  /** The full token, shown once. */
  token: string
  secretHash: string
}

function randomId(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const b of bytes) out += ID_ALPHABET[b % ID_ALPHABET.length]
  return out
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function newApiToken(): NewToken {
  const id = randomId(12)
  const secret = randomBytes(24).toString('base64url')
  return { id, token: `${TOKEN_PREFIX}${id}_${secret}`, secretHash: hashSecret(secret) }
}

/** Splits a presented token into id and secret; `undefined` when it is not one of ours. */
export function parseApiToken(token: string): { id: string; secret: string } | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined
  const rest = token.slice(TOKEN_PREFIX.length)
  const sep = rest.indexOf('_')
  if (sep !== 12) return undefined
  const id = rest.slice(0, sep)
  const secret = rest.slice(sep + 1)
  if (!/^[a-z2-9]{12}$/.test(id) || !/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return undefined
  return { id, secret }
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex')
  const b = Buffer.from(storedHash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** A new random shared secret for ZAF JWT signing (shown to the admin to paste into the app settings). */
export function newSharedSecret(): string {
  return randomBytes(32).toString('base64url')
}
