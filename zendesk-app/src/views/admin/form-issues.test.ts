import { describe, expect, it } from 'vitest'
import { fieldFor, fieldInputId, placeIssues, stripPrefix } from './form-issues.js'

const fields = ['name', 'targets.firstResponse.high.minutes', 'warningThresholds', 'hours[0].start']

describe('placing validation issues on fields', () => {
  it('strips a service prefix and keeps other paths', () => {
    expect(stripPrefix('profile.targets.a', ['profile'])).toBe('targets.a')
    expect(stripPrefix('profile', ['profile'])).toBe('')
    expect(stripPrefix('profiles.x', ['profile'])).toBe('profiles.x')
    expect(stripPrefix('effectiveFrom', ['profile'])).toBe('effectiveFrom')
  })

  it('finds the field itself, else the enclosing field, else the first field inside', () => {
    expect(fieldFor('name', fields)).toBe('name')
    expect(fieldFor('warningThresholds[1]', fields)).toBe('warningThresholds')
    expect(fieldFor('hours[0]', fields)).toBe('hours[0].start')
    expect(fieldFor('credits.schedules[0]', fields)).toBeNull()
    expect(fieldFor('', fields)).toBeNull()
    expect(fieldFor('names', fields)).toBeNull()
  })

  it('puts each message under its field and lists every issue in the summary', () => {
    const placed = placeIssues(
      [
        { path: 'profile.targets.firstResponse.high.minutes', rule: 'range', message: 'too small' },
        { path: 'accounts[id=acme].contracts[0]', rule: 'x', message: 'breaks acme' },
        { path: 'profile.name', rule: 'min-length', message: 'must not be empty' },
      ],
      fields,
      (p) => stripPrefix(p, ['profile']),
    )
    expect(placed.byField).toEqual({
      'targets.firstResponse.high.minutes': ['too small'],
      name: ['must not be empty'],
    })
    expect(placed.summary).toEqual([
      {
        path: 'targets.firstResponse.high.minutes',
        message: 'too small',
        field: 'targets.firstResponse.high.minutes',
      },
      { path: 'accounts[id=acme].contracts[0]', message: 'breaks acme', field: null },
      { path: 'name', message: 'must not be empty', field: 'name' },
    ])
  })

  it('places one issue on several fields when the path maps to several, once each', () => {
    const placed = placeIssues(
      [
        { path: 'x', rule: 'r', message: 'bad' },
        { path: 'x', rule: 'r', message: 'bad' },
      ],
      ['a', 'b'],
      () => ['a', 'b'],
    )
    expect(placed.byField).toEqual({ a: ['bad'], b: ['bad'] })
    expect(placed.summary).toHaveLength(1)
  })

  it('gives fields DOM ids without dots or brackets', () => {
    expect(fieldInputId('tier', 'targets.a[0].b')).toBe('tier-targets_a_0__b--input')
  })
})
