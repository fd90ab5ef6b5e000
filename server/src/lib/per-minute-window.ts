/**
 * A per-key budget of events per sliding minute (Zendesk's limits are per minute): how many are
 * left, spending one, and how long until one frees up.
 */
export class PerMinuteWindow {
  readonly #stamps = new Map<string, number[]>()

  constructor(
    readonly perMinute: number,
    protected readonly clock: () => number,
  ) {}

  /** The key's events in the last minute (older ones forgotten). */
  #recent(key: string): number[] {
    const now = this.clock()
    const list = (this.#stamps.get(key) ?? []).filter((t) => t > now - 60_000)
    this.#stamps.set(key, list)
    return list
  }

  available(key: string): number {
    return Math.max(0, this.perMinute - this.#recent(key).length)
  }

  spend(key: string): void {
    this.#recent(key).push(this.clock())
  }

  /** Milliseconds until the key may spend one (0: now). */
  waitMs(key: string): number {
    const list = this.#recent(key)
    return list.length < this.perMinute ? 0 : list[0]! + 60_000 - this.clock() + 5
  }
}
