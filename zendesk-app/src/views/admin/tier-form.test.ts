import { describe, expect, it } from 'vitest'
import { placeIssues } from './form-issues.js'
import { saveRequestOf } from './save-request.js'
import { tierView } from './test-fixtures.js'
import {
  profileOf,
  tierFieldPaths,
  tierFormOf,
  tierPathOf,
  validateTierForm,
  type TierForm,
} from './tier-form.js'

const messages = {
  wholeMinutes: 'whole minutes',
  thresholdNumber: 'numbers',
  required: 'date required',
  format: 'date format',
  order: 'after {previous}',
}
const calendarIds = new Set(['eu-business'])
const TODAY = '2026-03-02'

function edit(change: (f: TierForm) => void): TierForm {
  const f = tierFormOf(tierView(), TODAY)
  change(f)
  return f
}

describe('the tier-profile form', () => {
  it('round-trips the stored profile exactly, parts it does not show included', () => {
    const view = tierView()
    const form = tierFormOf(view, TODAY)
    expect(form.name).toBe('Gold support')
    expect(form.targets.firstResponse.high).toEqual({ minutes: '240', basis: 'business' })
    expect(form.targets.nextResponse.urgent).toEqual({ minutes: '', basis: 'business' })
    expect(form.warningThresholds).toBe('50, 75, 100')
    expect(form.effectiveFrom).toBe(TODAY)
    const { profile, issues } = profileOf(form, view.versions[0]!.profile, messages)
    expect(issues).toEqual([])
    expect(JSON.stringify(profile)).toBe(JSON.stringify(view.versions[0]!.profile))
  })

  it('is valid as loaded', () => {
    expect(
      validateTierForm(tierFormOf(tierView(), TODAY), tierView(), calendarIds, messages).issues,
    ).toEqual([])
  })

  it('reports negative minutes on the field, with the engine rule', () => {
    const form = edit((f) => (f.targets.firstResponse.high!.minutes = '-5'))
    const { issues } = validateTierForm(form, tierView(), calendarIds, messages)
    expect(issues.map((i) => i.path)).toEqual(['targets.firstResponse.high.minutes'])
  })

  it('reports text that is no whole number in its own words, and still checks the rest', () => {
    const form = edit((f) => {
      f.targets.firstResponse.high!.minutes = '1.5h'
      f.name = ''
    })
    const { issues } = validateTierForm(form, tierView(), calendarIds, messages)
    expect(issues).toContainEqual({
      path: 'targets.firstResponse.high.minutes',
      rule: 'integer',
      message: 'whole minutes',
    })
    expect(issues.map((i) => i.path)).toContain('name')
  })

  it('drops a target whose minutes are cleared, keeping after-hours rules of the others', () => {
    const form = edit((f) => {
      f.targets.firstResponse.urgent!.minutes = ''
      f.targets.resolution.urgent!.minutes = '420'
    })
    const { profile } = profileOf(form, tierView().versions[0]!.profile, messages)
    expect(profile.targets.firstResponse).toEqual({ high: { minutes: 240, basis: 'business' } })
    expect(profile.targets.resolution!.urgent).toEqual({
      minutes: 420,
      basis: 'business',
      afterHours: { minutes: 960, basis: 'calendar' },
    })
    expect(profile.targets.nextResponse).toBeUndefined()
  })

  it('needs a calendar for business-hours targets and a known one', () => {
    const none = validateTierForm(
      edit((f) => (f.calendar = '')),
      tierView(),
      calendarIds,
      messages,
    )
    expect(none.issues.map((i) => [i.path, i.rule])).toEqual([['calendar', 'required']])
    const unknown = validateTierForm(
      edit((f) => (f.calendar = 'mars')),
      tierView(),
      calendarIds,
      messages,
    )
    expect(unknown.issues.map((i) => [i.path, i.rule])).toEqual([['calendar', 'reference']])
  })

  it('parses thresholds and places their order problem on the thresholds field', () => {
    const form = edit((f) => (f.warningThresholds = '80, 60'))
    const { issues, profile } = validateTierForm(form, tierView(), calendarIds, messages)
    expect(profile.warningThresholds).toEqual([80, 60])
    const placed = placeIssues(issues, tierFieldPaths(form), tierPathOf)
    expect(Object.keys(placed.byField)).toEqual(['warningThresholds'])
    const bad = validateTierForm(
      edit((f) => (f.warningThresholds = '50, x')),
      tierView(),
      calendarIds,
      messages,
    )
    expect(bad.issues[0]).toMatchObject({ path: 'warningThresholds[1]', message: 'numbers' })
    expect(
      profileOf(
        edit((f) => (f.warningThresholds = '')),
        tierView().versions[0]!.profile,
        messages,
      ).profile.warningThresholds,
    ).toBeUndefined()
  })

  it('needs an effective date for a new version, but not to correct version 1', () => {
    const empty = edit((f) => (f.effectiveFrom = ''))
    expect(validateTierForm(empty, tierView(), calendarIds, messages).issues).toEqual([
      { path: 'effectiveFrom', rule: 'required', message: 'date required' },
    ])
    expect(
      validateTierForm({ ...empty, mode: 'correct' }, tierView(), calendarIds, messages).issues,
    ).toEqual([])
    const bad = edit((f) => (f.effectiveFrom = '2.3.2026'))
    expect(validateTierForm(bad, tierView(), calendarIds, messages).issues[0]!.rule).toBe('pattern')
  })

  it('needs a new version to start after the latest one', () => {
    const view = tierView()
    view.versions.push({ ...view.versions[0]!, version: 2, effectiveFrom: '2026-04-01' })
    const form = tierFormOf(view, TODAY)
    expect(form.effectiveFrom).toBe('2026-04-02')
    form.effectiveFrom = '2026-04-01'
    expect(validateTierForm(form, view, calendarIds, messages).issues).toEqual([
      { path: 'effectiveFrom', rule: 'order', message: 'after 2026-04-01' },
    ])
  })

  it('maps the service paths back to the form', () => {
    expect(tierPathOf('profile.targets.resolution.urgent.minutes')).toBe(
      'targets.resolution.urgent.minutes',
    )
    expect(tierPathOf('effectiveFrom')).toBe('effectiveFrom')
    expect(tierPathOf('accounts[id=acme].contracts[0]')).toBe('accounts[id=acme].contracts[0]')
  })
})

describe('the save request', () => {
  const view = tierView()
  it('adds a version from a date with POST', () => {
    expect(saveRequestOf('tiers', view, 'new-version', ' 2026-03-02 ', { profile: 1 })).toEqual({
      method: 'POST',
      path: '/api/v1/tiers/gold/versions',
      body: { effectiveFrom: '2026-03-02', profile: 1 },
      version: 2,
    })
  })
  it('corrects the latest version with PUT, the date only when given', () => {
    expect(saveRequestOf('tiers', view, 'correct', '', { profile: 1 })).toEqual({
      method: 'PUT',
      path: '/api/v1/tiers/gold/versions/1',
      body: { profile: 1 },
      version: 1,
    })
  })
})
