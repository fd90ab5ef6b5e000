/**
 * Puts validation issues where an admin sees them: under the field their path names, or in the
 * summary at the top when no field matches. Issues come from the shared validators (paths like
 * `targets.firstResponse.high.minutes`) or from the service (the same paths under a prefix such
 * as `profile.` or `definition.`).
 */
import type { ValidationIssue } from '@sla-tracker/shared'

export interface SummaryItem {
  path: string
  message: string
  /** The field the issue is shown under, to focus from the summary; null when none matches. */
  field: string | null
}

export interface PlacedIssues {
  /** Field path → messages shown under it. */
  byField: Readonly<Record<string, readonly string[]>>
  /** Every issue, in order, with the field it belongs to (if any). */
  summary: readonly SummaryItem[]
}

/** `profile.targets.x` → `targets.x` for prefix `profile`; paths without the prefix are kept. */
export function stripPrefix(path: string, prefixes: readonly string[]): string {
  for (const p of prefixes) {
    if (path === p) return ''
    if (path.startsWith(`${p}.`)) return path.slice(p.length + 1)
  }
  return path
}

function isUnder(child: string, parent: string): boolean {
  return (
    parent !== '' &&
    child.length > parent.length &&
    child.startsWith(parent) &&
    (child[parent.length] === '.' || child[parent.length] === '[')
  )
}

/**
 * The field an issue path belongs to: the field itself, else its nearest enclosing field
 * (`warningThresholds[1]` → `warningThresholds`), else the first field inside it
 * (`hours[0]` → `hours[0].start`); null when none.
 */
export function fieldFor(path: string, fields: readonly string[]): string | null {
  if (fields.includes(path)) return path
  let best: string | null = null
  for (const f of fields)
    if (isUnder(path, f) && (best === null || f.length > best.length)) best = f
  if (best !== null) return best
  return fields.find((f) => isUnder(f, path)) ?? null
}

/**
 * Places issues on `fields`. `mapPath` turns an issue path into the form's path(s) first (a
 * prefix to strip, an index to translate); one issue may belong to several fields.
 */
export function placeIssues(
  issues: readonly ValidationIssue[],
  fields: readonly string[],
  mapPath: (path: string) => string | readonly string[] = (p) => p,
): PlacedIssues {
  const byField: Record<string, string[]> = {}
  const summary: SummaryItem[] = []
  const seen = new Set<string>()
  for (const i of issues) {
    const mapped = mapPath(i.path)
    const paths = typeof mapped === 'string' ? [mapped] : mapped
    const targets = [
      ...new Set(paths.map((p) => fieldFor(p, fields)).filter((f): f is string => f !== null)),
    ]
    const key = `${targets.join('|') || i.path}\u0000${i.message}`
    if (seen.has(key)) continue
    seen.add(key)
    for (const f of targets) (byField[f] ??= []).push(i.message)
    summary.push({ path: paths[0] ?? i.path, message: i.message, field: targets[0] ?? null })
  }
  return { byField, summary }
}

/** The DOM id prefix of a field (Garden's Field adds `--input`, `--message`…). */
export function fieldDomId(scope: string, path: string): string {
  return `${scope}-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`
}

/** The DOM id of a field's control. */
export function fieldInputId(scope: string, path: string): string {
  return `${fieldDomId(scope, path)}--input`
}
