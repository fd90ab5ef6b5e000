/** Keeps a sidebar iframe as tall as its content (`client.invoke('resize')`). */
import { useEffect, type RefObject } from 'react'
import type { ZafClient } from '../zaf/types.js'

export function useAutoResize(
  client: ZafClient,
  ref: RefObject<HTMLElement | null>,
  enabled = true,
): void {
  useEffect(() => {
    const el = ref.current
    if (!enabled || !el) return
    let last = -1
    const send = () => {
      const height = Math.ceil(el.getBoundingClientRect().height)
      if (height === last) return
      last = height
      void client.invoke('resize', { width: '100%', height: `${Math.max(height, 60)}px` })
    }
    send()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(send)
    observer.observe(el)
    return () => observer.disconnect()
  }, [client, ref, enabled])
}
