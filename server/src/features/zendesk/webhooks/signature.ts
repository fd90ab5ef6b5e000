/**
 * Zendesk's webhook signature, checked on the raw bytes:
 * `x-zendesk-webhook-signature = base64(HMAC-SHA256(secret, timestamp + rawBody))`, where the
 * timestamp is the `x-zendesk-webhook-signature-timestamp` header exactly as sent (ISO-8601,
 * e.g. `2021-03-25T05:09:27Z`) and there is no separator. Pure functions: the clock and the
 * secrets are arguments.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto'

export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature'
export const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp'
export const INVOCATION_HEADER = 'x-zendesk-webhook-invocation-id'
export const WEBHOOK_ID_HEADER = 'x-zendesk-webhook-id'

/** A SHA-256 digest (32 bytes) in standard base64: 43 characters and one `=`. */
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/
/** An ISO-8601 instant with a zone: `2021-03-25T05:09:27Z`, `…27.123Z`, `…27+02:00`. */
const ISO_INSTANT =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

export interface SignedHeaders {
  /** The decoded signature (32 bytes). */
  signature: Buffer
  /** The timestamp header exactly as sent (it is part of the signed text). */
  timestamp: string
  /** The timestamp as epoch ms. */
  signedAt: number
}

export type HeaderProblem = { ok: false; reason: string }

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const v = headers[name]
  return typeof v === 'string' ? v : undefined
}

/** Reads and checks the form of the signature headers (not the signature itself). */
export function readSignedHeaders(
  headers: Record<string, unknown>,
): ({ ok: true } & SignedHeaders) | HeaderProblem {
  const sig = header(headers, SIGNATURE_HEADER)
  const ts = header(headers, TIMESTAMP_HEADER)
  if (sig === undefined || sig === '')
    return { ok: false, reason: `the ${SIGNATURE_HEADER} header is missing` }
  if (ts === undefined || ts === '')
    return { ok: false, reason: `the ${TIMESTAMP_HEADER} header is missing` }
  if (!BASE64_SHA256.test(sig))
    return {
      ok: false,
      reason: `the ${SIGNATURE_HEADER} header is not a base64 HMAC-SHA256 (44 characters of standard base64)`,
    }
  const signedAt = ISO_INSTANT.test(ts) ? Date.parse(ts) : Number.NaN
  if (!Number.isFinite(signedAt))
    return {
      ok: false,
      reason: `the ${TIMESTAMP_HEADER} header is not an ISO-8601 instant (e.g. 2021-03-25T05:09:27Z)`,
    }
  return { ok: true, signature: Buffer.from(sig, 'base64'), timestamp: ts, signedAt }
}

/** Why a timestamp is outside the tolerance, or undefined when it is within it (inclusive). */
export function staleness(signedAt: number, now: number, toleranceS: number): string | undefined {
  const limit = toleranceS * 1000
  if (now - signedAt > limit)
    return `the webhook is stale: its signature timestamp is more than ${toleranceS} s in the past`
  if (signedAt - now > limit)
    return `the webhook is stale: its signature timestamp is more than ${toleranceS} s in the future`
  return undefined
}

/** A signing secret as an HMAC key (built once per cached secret). */
export function signingKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'))
}

/** Whether `signature` is the HMAC-SHA256 of `timestamp + rawBody` under `key` (constant time). */
export function signatureMatches(
  key: KeyObject,
  signed: Pick<SignedHeaders, 'signature' | 'timestamp'>,
  rawBody: Buffer,
): boolean {
  const expected = createHmac('sha256', key)
    .update(signed.timestamp, 'utf8')
    .update(rawBody)
    .digest()
  return expected.length === signed.signature.length && timingSafeEqual(expected, signed.signature)
}

/** The signature Zendesk would send (tests, benchmarks, tools). */
export function signWebhook(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(timestamp, 'utf8').update(rawBody).digest('base64')
}
