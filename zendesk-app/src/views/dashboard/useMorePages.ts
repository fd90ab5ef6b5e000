/**
 * "Load more" over a cursor-paged list whose first page comes from `useServiceData`: the pages
 * loaded after the first are kept until the first page is loaded again (new filters, a refresh),
 * then dropped, so the list never mixes answers to different questions.
 */
import { useCallback, useRef, useState } from 'react'
import { serviceErrorOf, type ServiceError } from '../../service/service-api.js'

export interface Page<T> {
  items: T[]
  next: string | null
}

interface MoreState<T> {
  /** The first page these pages follow (its `receivedAt`). */
  base: number | null
  items: T[]
  next: string | null | undefined
  loading: boolean
  error: ServiceError | null
}

export interface MorePages<T> {
  items: T[]
  next: string | null
  loading: boolean
  error: ServiceError | null
  loadMore: () => void
}

export function useMorePages<T>(
  first: (Page<T> & { receivedAt: number }) | null,
  loadPage: (cursor: string) => Promise<Page<T>>,
  append: (items: readonly T[], page: readonly T[]) => T[] = (a, b) => [...a, ...b],
): MorePages<T> {
  const base = first?.receivedAt ?? null
  const empty: MoreState<T> = { base, items: [], next: undefined, loading: false, error: null }
  const [state, setState] = useState<MoreState<T>>(empty)
  const seq = useRef(0)
  const current = state.base === base ? state : empty
  if (state.base !== base) {
    seq.current++
    setState(empty)
  }
  const loadRef = useRef(loadPage)
  loadRef.current = loadPage

  const items = first ? append(first.items, current.items) : []
  const next = current.next === undefined ? (first?.next ?? null) : current.next

  const loadMore = useCallback(() => {
    if (!next || current.loading) return
    const mine = ++seq.current
    setState({ ...current, loading: true, error: null })
    loadRef.current(next).then(
      (page) => {
        if (mine !== seq.current) return
        setState((s) => ({
          ...s,
          items: append(s.items, page.items),
          next: page.next,
          loading: false,
          error: null,
        }))
      },
      (reason: unknown) => {
        if (mine !== seq.current) return
        setState((s) => ({ ...s, loading: false, error: serviceErrorOf(reason) }))
      },
    )
  }, [next, current, append])

  return { items, next, loading: current.loading, error: current.error, loadMore }
}
