/**
 * The tier-profile form as data: built from the tier's latest version, turned back into a
 * profile (every part the form does not show — priorities, pauses, uptime, credits,
 * after-hours rules — kept exactly as stored), validated with the shared engine, and the request
 * a save makes.
 */
import {
  METRICS,
  issue,
  validateProfile,
  type ContractProfile,
  type Metric,
  type TierView,
  type ValidationIssue,
} from '@sla-tracker/shared'
import { defaultEffectiveFrom, effectiveDateIssues, type DateMessages } from './effective-date.js'
import { stripPrefix } from './form-issues.js'
import type { SaveMode } from './types.js'

export type Basis = 'business' | 'calendar'

export interface TargetCell {
  /** As typed; empty means no target for this priority. */
  minutes: string
  basis: Basis
}

export interface TierForm {
  name: string
  /** Calendar id; empty for none. */
  calendar: string
  targets: Record<Metric, Record<string, TargetCell>>
  /** Comma-separated percentages; empty for the defaults (50, 75, 100). */
  warningThresholds: string
  mode: SaveMode
  effectiveFrom: string
}

export interface TierFormMessages extends DateMessages {
  wholeMinutes: string
  thresholdNumber: string
}

/** Priority ids in the profile's order, then any target keys that name no priority. */
export function priorityIdsOf(profile: ContractProfile): string[] {
  const ids = profile.priorities.map((p) => p.id)
  for (const m of METRICS) for (const k of Object.keys(profile.targets[m] ?? {})) ids.push(k)
  return [...new Set(ids)]
}

export function latestVersion(view: TierView): TierView['versions'][number] {
  const v = view.versions.at(-1)
  if (!v) throw new Error(`tier "${view.id}" has no version`)
  return v
}

export function tierFormOf(view: TierView, today: string): TierForm {
  const latest = latestVersion(view)
  const p = latest.profile
  const defaultBasis: Basis = p.calendar !== undefined ? 'business' : 'calendar'
  const targets = {} as TierForm['targets']
  for (const m of METRICS) {
    targets[m] = {}
    for (const prio of priorityIdsOf(p)) {
      const t = p.targets[m]?.[prio]
      targets[m][prio] = t
        ? { minutes: String(t.minutes), basis: t.basis }
        : { minutes: '', basis: defaultBasis }
    }
  }
  return {
    name: p.name,
    calendar: p.calendar ?? '',
    targets,
    warningThresholds: (p.warningThresholds ?? []).join(', '),
    mode: 'new-version',
    effectiveFrom: defaultEffectiveFrom(latest.effectiveFrom, today),
  }
}

/**
 * The profile the form describes, on top of `base` (the stored one), and the problems the form
 * itself finds (text that is no number). Unparsable numbers are replaced by a valid stand-in so
 * the engine still checks everything else.
 */
export function profileOf(
  form: TierForm,
  base: ContractProfile,
  messages: Pick<TierFormMessages, 'wholeMinutes' | 'thresholdNumber'>,
): { profile: ContractProfile; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = []
  const profile: ContractProfile = { ...base, name: form.name }
  if (form.calendar === '') delete profile.calendar
  else profile.calendar = form.calendar
  const targets: ContractProfile['targets'] = { ...base.targets }
  for (const m of METRICS) {
    const out: NonNullable<ContractProfile['targets'][Metric]> = {}
    for (const [prio, cell] of Object.entries(form.targets[m])) {
      const text = cell.minutes.trim()
      if (text === '') continue
      let minutes = Number(text)
      if (!/^[-+]?\d+$/.test(text)) {
        issues.push(issue(`targets.${m}.${prio}.minutes`, 'integer', messages.wholeMinutes))
        minutes = 1
      }
      out[prio] = { ...base.targets[m]?.[prio], minutes, basis: cell.basis }
    }
    if (Object.keys(out).length === 0 && base.targets[m] === undefined) delete targets[m]
    else targets[m] = out
  }
  profile.targets = targets
  const thresholdText = form.warningThresholds.trim()
  if (thresholdText === '') delete profile.warningThresholds
  else
    profile.warningThresholds = thresholdText
      .split(/[\s,;]+/)
      .filter((s) => s !== '')
      .map((s, i) => {
        const n = Number(s.replace(/%$/, ''))
        if (!Number.isFinite(n)) {
          issues.push(issue(`warningThresholds[${i}]`, 'number', messages.thresholdNumber))
          return 1
        }
        return n
      })
  return { profile, issues }
}

/** Every problem a save would meet that the browser can know: the form's, the engine's, the date's. */
export function validateTierForm(
  form: TierForm,
  view: TierView,
  calendarIds: ReadonlySet<string> | undefined,
  messages: TierFormMessages,
): { profile: ContractProfile; issues: ValidationIssue[] } {
  const { profile, issues } = profileOf(form, latestVersion(view).profile, messages)
  const checked = validateProfile(profile, '', calendarIds ? { calendarIds } : {})
  if (!checked.ok) issues.push(...checked.issues)
  issues.push(...effectiveDateIssues(form.effectiveFrom, form.mode, view.versions, messages))
  return { profile, issues }
}

/** The form's fields, in display order (issues are placed on these paths). */
export function tierFieldPaths(form: TierForm): string[] {
  const out = ['name', 'calendar']
  for (const m of METRICS)
    for (const prio of Object.keys(form.targets[m]))
      out.push(`targets.${m}.${prio}.minutes`, `targets.${m}.${prio}.basis`)
  out.push('warningThresholds', 'effectiveFrom')
  return out
}

/** A path in the service's answer (`profile.targets…`) → the form's path. */
export function tierPathOf(servicePath: string): string {
  return stripPrefix(servicePath, ['body.profile', 'profile', 'body'])
}
