/**
 * Loads service data for a screen and keeps it honest: the first load shows a loading state; a
 * refresh keeps the data on screen and says so (`refreshing`); a failed refresh keeps the last
 * data but reports the failure with its time (`refreshError`), so nothing stale passes as current.
 * Answers to superseded requests are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { serviceErrorOf, type ServiceError } from '../service/service-api.js'

export type ServiceData<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ServiceError }
  | {
      status: 'ready'
      data: T
      /** When the data shown was received (ms). */
      receivedAt: number
      refreshing: boolean
      refreshError: ServiceError | null
    }

export function useServiceData<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): ServiceData<T> & { refresh: () => void } {
  const [state, setState] = useState<ServiceData<T>>({ status: 'loading' })
  const seq = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const run = useCallback((first: boolean) => {
    const mine = ++seq.current
    setState((s) =>
      first || s.status !== 'ready' ? { status: 'loading' } : { ...s, refreshing: true },
    )
    loadRef.current().then(
      (data) => {
        if (mine !== seq.current) return
        setState({
          status: 'ready',
          data,
          receivedAt: Date.now(),
          refreshing: false,
          refreshError: null,
        })
      },
      (reason: unknown) => {
        if (mine !== seq.current) return
        const error = serviceErrorOf(reason)
        setState((s) =>
          s.status === 'ready' && !first
            ? { ...s, refreshing: false, refreshError: error }
            : { status: 'error', error },
        )
      },
    )
  }, [])

  useEffect(() => {
    run(true)
    return () => {
      seq.current++
    }
  }, deps)

  const refresh = useCallback(() => run(false), [run])
  return { ...state, refresh }
}
