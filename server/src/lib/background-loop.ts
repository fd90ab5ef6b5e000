/**
 * A background pass that runs on an interval and on demand: a wake during a pass asks for one
 * more pass after it (never two at once), errors are reported and the loop goes on, and `stop`
 * waits for the pass in flight.
 */
export interface BackgroundLoop {
  /** Runs a pass now, or once more after the one in flight. */
  readonly wake: () => void
  readonly stop: () => Promise<void>
}

export function startBackgroundLoop(opts: {
  pass: () => Promise<unknown>
  /** 0: only on `wake`. */
  intervalMs: number
  onError: (err: unknown) => void
  /** Called by `stop` before waiting (e.g. to abort the pass in flight). */
  onStop?: () => void
}): BackgroundLoop {
  let running: Promise<void> | undefined
  let again = false
  let stopped = false
  const wake = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        try {
          await opts.pass()
        } catch (err) {
          opts.onError(err)
        }
      } while (again && !stopped)
    })().finally(() => {
      running = undefined
    })
  }
  const timer = opts.intervalMs > 0 ? setInterval(wake, opts.intervalMs) : undefined
  timer?.unref()
  return {
    wake,
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      opts.onStop?.()
      await running
    },
  }
}
