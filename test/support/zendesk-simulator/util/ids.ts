/**
 * Id allocation. Each kind of record has its own sequence per account, starting at a Zendesk-like
 * base (ticket ids are small, other ids are large integers past 2^31 as on real accounts), so ids are
 * sequential and stable; an explicit id moves the sequence past it.
 */
import { createHash } from 'node:crypto'

export const ID_BASE = {
  ticket: 1,
  user: 361_000_000_001,
  organization: 362_000_000_001,
  ticketField: 363_000_000_001,
  organizationField: 364_000_000_001,
  trigger: 365_000_000_001,
  event: 366_000_000_001,
  fieldOption: 367_000_000_001,
} as const

export class Sequence {
  private nextId: number

  constructor(start: number) {
    this.nextId = start
  }

  /** The explicit id (moving the sequence past it) or the next one. */
  take(explicit?: number): number {
    if (explicit !== undefined) {
      if (!Number.isSafeInteger(explicit) || explicit <= 0) throw new Error(`bad id ${explicit}`)
      this.nextId = Math.max(this.nextId, explicit + 1)
      return explicit
    }
    return this.nextId++
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A deterministic ULID-shaped id (26 Crockford base-32 characters), like Zendesk webhook ids. */
export function ulidLike(timeMs: number, salt: string): string {
  let time = ''
  let t = Math.max(0, Math.floor(timeMs))
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time
    t = Math.floor(t / 32)
  }
  const digest = createHash('sha256').update(salt).digest()
  let rest = ''
  for (let i = 0; i < 16; i++) rest += CROCKFORD[digest[i]! % 32]!
  return time + rest
}

/** A deterministic 32-hex-digit id, like Zendesk job status ids. */
export function hexId(salt: string): string {
  return createHash('sha256').update(salt).digest('hex').slice(0, 32)
}
