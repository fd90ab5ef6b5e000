import { describe, expect, it } from 'vitest'
import type { Account, ContractProfile, Tier } from './profile.schema.js'
import {
  buildContractTimeline,
  contractAt,
  contractForPeriod,
  resolvePriority,
  validateAccount,
  validateTier,
} from './contracts.js'
import { mergeOverrides } from './merge.js'
import { validateProfile } from './validate-profile.js'
import { monthPeriod } from '../time/period.js'

const t = (iso: string) => Date.parse(iso)

const profile = (minutes: number): ContractProfile => ({
  name: `Gold ${minutes}`,
  priorities: [{ id: 'high', aliases: ['Urgent'] }, { id: 'low' }],
  targets: { firstResponse: { high: { minutes, basis: 'calendar' } } },
  uptime: { commitments: [{ id: 'platform', components: ['platform'], target: '99.9' }] },
})

const gold: Tier = {
  id: 'gold',
  versions: [{ profile: profile(60) }, { effectiveFrom: '2026-07-01', profile: profile(30) }],
}
const tiers = new Map([[gold.id, gold]])

const account: Account = {
  id: 'acme',
  name: 'Acme',
  timeZone: 'America/New_York',
  components: ['platform'],
  contracts: [
    {
      effectiveFrom: '2026-01-01',
      tier: 'gold',
      monthlyFee: { amountMinor: 100_000, currency: 'USD' },
    },
    {
      effectiveFrom: '2026-05-15T12:00:00Z',
      tier: 'gold',
      monthlyFee: { amountMinor: 150_000, currency: 'USD' },
      overrides: {
        uptime: { commitments: [{ id: 'platform', components: ['platform'], target: '99.95' }] },
      },
    },
  ],
}

describe('overrides', () => {
  it('merge objects, replace arrays and scalars, and delete with null', () => {
    expect(
      mergeOverrides({ a: { x: 1, y: 2 }, l: [1, 2], k: 1 }, { a: { y: 3 }, l: [9], k: null }),
    ).toEqual({ a: { x: 1, y: 3 }, l: [9] })
    expect(mergeOverrides({ a: 1 }, undefined)).toEqual({ a: 1 })
    expect(mergeOverrides({}, JSON.parse('{"__proto__": {"polluted": true}}'))).toEqual({})
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('contract timelines', () => {
  const timeline = (() => {
    expect(validateTier(gold).ok).toBe(true)
    expect(validateAccount(account).ok).toBe(true)
    const r = buildContractTimeline(account, tiers)
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    return r.value
  })()

  it('cut the history at every account and tier version, in the account zone', () => {
    expect(
      timeline.pieces.map((p) => [new Date(p.from).toISOString(), p.accountVersion, p.tierVersion]),
    ).toEqual([
      ['2026-01-01T05:00:00.000Z', 0, 0],
      ['2026-05-15T12:00:00.000Z', 1, 0],
      ['2026-07-01T04:00:00.000Z', 1, 1],
    ])
  })

  it('give the terms in force at an instant, none before the contract', () => {
    expect(contractAt(timeline, t('2025-12-31T12:00:00Z'))).toBeUndefined()
    expect(
      contractAt(timeline, t('2026-05-15T11:59:59Z'))!.profile.uptime!.commitments[0]!.target,
    ).toBe('99.9')
    const summer = contractAt(timeline, t('2026-08-01T00:00:00Z'))!
    expect(summer.profile.targets.firstResponse!.high!.minutes).toBe(30)
    expect(summer.profile.uptime!.commitments[0]!.target).toBe('99.95')
    expect(summer.monthlyFee.amountMinor).toBe(150_000)
  })

  it('judge a month by the terms at its start; a contract starting mid-month from its start', () => {
    const may = contractForPeriod(timeline, monthPeriod('2026-05', 'America/New_York'))!
    expect(may.contract.accountVersion).toBe(0)
    const later = buildContractTimeline(
      { ...account, contracts: [{ ...account.contracts[0]!, effectiveFrom: '2026-03-10' }] },
      tiers,
    )
    if (!later.ok) throw new Error('invalid')
    const march = contractForPeriod(later.value, monthPeriod('2026-03', 'America/New_York'))!
    expect(march.measureFrom).toBe(t('2026-03-10T04:00:00Z'))
    expect(
      contractForPeriod(later.value, monthPeriod('2026-02', 'America/New_York')),
    ).toBeUndefined()
  })

  it('check tier versions again in the account zone, where a date may land after an instant', () => {
    const tricky: Tier = {
      id: 'gold',
      versions: [
        { effectiveFrom: '2026-07-01', profile: profile(60) },
        { effectiveFrom: '2026-07-01T02:00:00Z', profile: profile(30) },
      ],
    }
    expect(validateTier(tricky).ok).toBe(true) // in UTC: 00:00 then 02:00
    const r = buildContractTimeline(account, new Map([[tricky.id, tricky]]))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues[0]).toMatchObject({ path: 'contracts[0].tier', rule: 'order' })
  })

  it('report an override that breaks the merged profile, with its path', () => {
    const broken = {
      ...account,
      contracts: [
        {
          ...account.contracts[0]!,
          overrides: { targets: { firstResponse: { p9: { minutes: 5, basis: 'calendar' } } } },
        },
      ],
    }
    const r = buildContractTimeline(broken, tiers)
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.issues[0]).toMatchObject({
        path: 'contracts[0].overrides.targets.firstResponse.p9',
        rule: 'reference',
      })
  })
})

describe('validateProfile', () => {
  it('refuses priority names that differ only in case (matching ignores case)', () => {
    const r = validateProfile({
      ...profile(60),
      priorities: [
        { id: 'high', aliases: ['P1'] },
        { id: 'low', aliases: ['p1'] },
      ],
    })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues[0]).toMatchObject({ path: 'priorities', rule: 'unique' })
  })
})

describe('resolvePriority', () => {
  it('matches ids and aliases case-insensitively, else the default', () => {
    const p = { ...profile(60), defaultPriority: 'low' }
    expect(resolvePriority(p, 'URGENT')).toBe('high')
    expect(resolvePriority(p, 'high')).toBe('high')
    expect(resolvePriority(p, 'whatever')).toBe('low')
    expect(resolvePriority(p, null)).toBe('low')
    expect(resolvePriority(profile(60), 'whatever')).toBeUndefined()
  })
})
