/**
 * The delivery's body: any JSON object (a webhook is only a hint; what it says is stored as
 * sent). It is stored as the raw text whenever PostgreSQL's jsonb takes it as is; the few texts
 * JSON allows and jsonb refuses (`\u0000`, lone UTF-16 surrogates) are stored with those
 * characters replaced by U+FFFD, so one such delivery cannot fail the batch it is written with.
 */

/** Deeper than this is refused (400): far beyond any webhook body, and within jsonb's limits. */
export const MAX_DEPTH = 200

export type BodyCheck =
  | { ok: true; json: string; body: Record<string, unknown> }
  | { ok: false; code: 'MALFORMED_JSON' | 'BAD_REQUEST'; message: string }

/** `\u0000` or an escaped surrogate (which may be lone): only then is the text rewritten. */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/

/** The deepest nesting of arrays and objects in a JSON text (strings skipped). */
function depthOf(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) max = depth
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--
  }
  return max
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

function clean(v: unknown): unknown {
  if (typeof v === 'string')
    return v.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD')
  if (Array.isArray(v)) return v.map(clean)
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k) as string, clean(x)]))
  return v
}

export function checkBody(raw: Buffer): BodyCheck {
  const text = raw.toString('utf8')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (e) {
    return {
      ok: false,
      code: 'MALFORMED_JSON',
      message: `the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return {
      ok: false,
      code: 'BAD_REQUEST',
      message: `the body must be a JSON object, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}`,
    }
  // Deeper than MAX_DEPTH needs more than 2 × MAX_DEPTH characters: short bodies skip the scan.
  if (text.length > 2 * MAX_DEPTH && depthOf(text) > MAX_DEPTH)
    return {
      ok: false,
      code: 'BAD_REQUEST',
      message: `the body is nested more than ${MAX_DEPTH} levels deep`,
    }
  const json = SUSPECT_ESCAPE.test(text) ? JSON.stringify(clean(body)) : text
  return { ok: true, json, body: body as Record<string, unknown> }
}
