/**
 * Per-account request budgets in fixed one-minute windows of the simulator clock: account-wide
 * (default 700/min, Enterprise) and for incremental exports (default 10/min). Headers are always
 * sent; 429 + Retry-After only when `enforce` is on.
 */

export interface RateLimitOptions {
  perMinute?: number
  incrementalPerMinute?: number
  enforce?: boolean
}

export interface RateDecision {
  headers: Record<string, string>
  /** Seconds to wait when the request is refused, else undefined. */
  retryAfter: number | undefined
}

export class RateLimiter {
  private perMinute = 700
  private incrementalPerMinute = 10
  private enforce = false
  private window = -1
  private used = 0
  private incrementalUsed = 0

  constructor(private readonly clock: () => number) {}

  configure(options: RateLimitOptions): void {
    if (options.perMinute !== undefined) this.perMinute = options.perMinute
    if (options.incrementalPerMinute !== undefined) {
      this.incrementalPerMinute = options.incrementalPerMinute
    }
    if (options.enforce !== undefined) this.enforce = options.enforce
  }

  /** Counts the request (unless refused) and returns the headers to send. */
  take(incremental: boolean): RateDecision {
    const now = this.clock()
    const window = Math.floor(now / 60_000)
    if (window !== this.window) {
      this.window = window
      this.used = 0
      this.incrementalUsed = 0
    }
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000))
    const over =
      this.used >= this.perMinute ||
      (incremental && this.incrementalUsed >= this.incrementalPerMinute)
    if (over && this.enforce) return { headers: this.headers(), retryAfter }
    this.used++
    if (incremental) this.incrementalUsed++
    return { headers: this.headers(), retryAfter: undefined }
  }

  /** Headers without counting (for responses produced before the budget is consulted). */
  headers(): Record<string, string> {
    return {
      'X-Rate-Limit': String(this.perMinute),
      'X-Rate-Limit-Remaining': String(Math.max(0, this.perMinute - this.used)),
    }
  }
}
