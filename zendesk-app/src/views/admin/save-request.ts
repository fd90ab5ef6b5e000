/**
 * What saving a tier or calendar sends. The registry keeps versions with effective dates:
 * a new version (`POST …/versions` with `effectiveFrom`) leaves history judged by the old terms
 * before that date; a correction (`PUT …/versions/{n}`) replaces the latest version and judges
 * history again. Both carry the revision read in `If-Match`.
 */
import type { SaveMode } from './types.js'

export interface SaveRequest {
  method: 'POST' | 'PUT'
  path: string
  body: Record<string, unknown>
  /** The version number the save writes. */
  version: number
}

export function saveRequestOf(
  kind: 'tiers' | 'calendars',
  view: { id: string; versions: readonly { version: number }[] },
  mode: SaveMode,
  effectiveFrom: string,
  content: Record<string, unknown>,
): SaveRequest {
  const base = `/api/v1/${kind}/${encodeURIComponent(view.id)}/versions`
  const date = effectiveFrom.trim()
  if (mode === 'new-version')
    return {
      method: 'POST',
      path: base,
      body: { effectiveFrom: date, ...content },
      version: view.versions.length + 1,
    }
  const n = view.versions.at(-1)?.version ?? 1
  return {
    method: 'PUT',
    path: `${base}/${n}`,
    body: { ...(date !== '' ? { effectiveFrom: date } : {}), ...content },
    version: n,
  }
}
