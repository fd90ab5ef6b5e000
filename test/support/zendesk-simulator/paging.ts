/**
 * Paging of incremental exports, pure. Cursor exports order items by (timestamp, id) and resume
 * strictly after a position; time-based exports return items with timestamp >= start_time, never
 * split a second at the end of a page (so a page can exceed per_page) and report that second as
 * `end_time`, so the next page repeats it — Zendesk's documented duplicates.
 */

export interface Position {
  /** Unix seconds. */
  ts: number
  id: number
}

/** Zendesk-like opaque cursor: base64 of `<seconds>.0||<id>|` (the OAS example's form). */
export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.ts}.0||${position.id}|`).toString('base64')
}

export function decodeCursor(cursor: string): Position | undefined {
  const text = Buffer.from(cursor, 'base64').toString('utf8')
  const match = /^(\d+)\.0\|\|(\d+)\|$/.exec(text)
  if (!match) return undefined
  return { ts: Number(match[1]), id: Number(match[2]) }
}

export interface CursorPage<T> {
  items: T[]
  next: Position
  endOfStream: boolean
}

/** Items after `after` whose timestamp is at most `cutoff`, up to `perPage`. `sorted` is in order. */
export function cursorPage<T>(
  sorted: readonly T[],
  key: (item: T) => Position,
  after: Position,
  cutoff: number,
  perPage: number,
): CursorPage<T> {
  const eligible = sorted.filter((item) => {
    const k = key(item)
    return k.ts <= cutoff && (k.ts > after.ts || (k.ts === after.ts && k.id > after.id))
  })
  const items = eligible.slice(0, perPage)
  const last = items.at(-1)
  return { items, next: last ? key(last) : after, endOfStream: eligible.length <= perPage }
}

export interface TimePage<T> {
  items: T[]
  endTime: number
  endOfStream: boolean
}

export function timePage<T>(
  sorted: readonly T[],
  ts: (item: T) => number,
  start: number,
  cutoff: number,
  perPage: number,
): TimePage<T> {
  const eligible = sorted.filter((item) => ts(item) >= start && ts(item) <= cutoff)
  let count = Math.min(perPage, eligible.length)
  const lastTs = count > 0 ? ts(eligible[count - 1] as T) : undefined
  while (lastTs !== undefined && count < eligible.length && ts(eligible[count] as T) === lastTs) {
    count++
  }
  const items = eligible.slice(0, count)
  const full = items.length >= perPage
  const first = items[0]
  let endTime = lastTs ?? start
  // A full page of a single second would be served again forever: move past that second.
  if (full && first !== undefined && ts(first) === lastTs) endTime = lastTs + 1
  return { items, endTime, endOfStream: !full }
}
