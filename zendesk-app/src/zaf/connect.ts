/**
 * The real client: Zendesk's SDK script (loaded by index.html) defines `window.ZAFClient`; its
 * `init()` returns false when the page is not inside a Zendesk location.
 */
import type { ZafClient } from './types.js'

interface ZafSdk {
  init(): ZafClient | false
}

declare global {
  interface Window {
    ZAFClient?: ZafSdk
  }
}

export function connectZaf(w: Window = window): ZafClient | null {
  const client = w.ZAFClient?.init()
  return client ? client : null
}
