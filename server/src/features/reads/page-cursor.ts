/**
 * Opaque pagination cursors: the sort key of the last item returned, as base64url JSON. A cursor
 * that does not decode to the expected shape is a 400 naming `cursor`.
 */
import { issue } from '@sla-tracker/shared'
import { InvalidInput } from '../../errors.js'

export type CursorKey = readonly (string | number | null)[]

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** Decodes a cursor whose parts have the given types (`n` number, `s` string, `n?` number or null). */
export function decodeCursor(
  cursor: string,
  shape: readonly ('n' | 's' | 'n?' | 's?')[],
): (string | number | null)[] {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    value = undefined
  }
  const ok =
    Array.isArray(value) &&
    value.length === shape.length &&
    value.every((v, i) => {
      const want = shape[i]!
      if (v === null) return want.endsWith('?')
      return want.startsWith('n')
        ? typeof v === 'number' && Number.isFinite(v)
        : typeof v === 'string'
    })
  if (!ok)
    throw new InvalidInput([
      issue(
        'query.cursor',
        'cursor',
        'is not a cursor of this list (pass `next` from the previous page)',
      ),
    ])
  return value as (string | number | null)[]
}
