import { describe, expect, it } from 'vitest'
import type { IncidentListItem } from '@sla-tracker/shared'
import {
  affectedSummary,
  appendPage,
  ariaSortOf,
  budgetTone,
  clearFilters,
  creditEntries,
  DEFAULT_FILTERS,
  filtersKey,
  flagTone,
  hasActiveFilters,
  incidentStatus,
  knownKey,
  knownTiers,
  orderedTiers,
  outageDurationMs,
  outageRunning,
  overallTotals,
  portfolioQuery,
  PORTFOLIO_PAGE_SIZE,
  withoutIds,
  type PortfolioItem,
  type TierTotals,
} from './dashboard-model.js'

const tier = (name: string | null, o: Partial<TierTotals> = {}): TierTotals => ({
  tier: name,
  accounts: 1,
  approaching: 0,
  breached: 0,
  withBreachedClocks: 0,
  withClocksAtRisk: 0,
  credit: {},
  ...o,
})

const item = (id: string): PortfolioItem => ({
  account: { id, name: id.toUpperCase() },
  month: '2026-11',
  tier: 'gold',
  budgetStatus: 'ok',
  worstBudgetPercent: '10',
  creditMinor: 0,
  currency: 'USD',
  flags: [],
  clocks: { breached: 0, atRisk: 0 },
  computedAt: '2026-11-10T00:00:00Z',
})

describe('the portfolio query', () => {
  it('asks for the first page in the default order without filters', () => {
    expect(portfolioQuery(DEFAULT_FILTERS)).toEqual({ sort: 'credit', limit: PORTFOLIO_PAGE_SIZE })
  })

  it('sends only the filters that are set, and the cursor when paging', () => {
    expect(
      portfolioQuery({ tier: 'gold', budget: 'breached', flag: '', sort: 'name' }, 'abc', 10),
    ).toEqual({ tier: 'gold', budget: 'breached', sort: 'name', limit: 10, cursor: 'abc' })
    expect(portfolioQuery({ ...DEFAULT_FILTERS, flag: 'fast-burn' }, null)).toEqual({
      flag: 'fast-burn',
      sort: 'credit',
      limit: PORTFOLIO_PAGE_SIZE,
    })
  })

  it('has a key that changes with any filter or the order', () => {
    const keys = new Set([
      filtersKey(DEFAULT_FILTERS),
      filtersKey({ ...DEFAULT_FILTERS, tier: 'gold' }),
      filtersKey({ ...DEFAULT_FILTERS, budget: 'ok' }),
      filtersKey({ ...DEFAULT_FILTERS, flag: 'credit-owed' }),
      filtersKey({ ...DEFAULT_FILTERS, sort: 'name' }),
    ])
    expect(keys.size).toBe(5)
  })

  it('clears the filters but keeps the order', () => {
    const f = { tier: 'gold', budget: 'ok', flag: 'fast-burn', sort: 'budget' } as const
    expect(hasActiveFilters(f)).toBe(true)
    expect(clearFilters(f)).toEqual({ ...DEFAULT_FILTERS, sort: 'budget' })
    expect(hasActiveFilters(clearFilters(f))).toBe(false)
    expect(hasActiveFilters({ ...DEFAULT_FILTERS, sort: 'name' })).toBe(false)
  })
})

describe('tiers and totals', () => {
  it('remembers tiers seen before, so filtering by one keeps the others on offer', () => {
    const first = knownTiers([], [tier('silver'), tier('gold'), tier(null)])
    expect(first).toEqual(['gold', 'silver'])
    expect(knownTiers(first, [tier('gold')])).toEqual(['gold', 'silver'])
    expect(knownTiers(first, [tier('bronze')])).toEqual(['bronze', 'gold', 'silver'])
  })

  it('adds the tiers up and keeps credit per currency', () => {
    const total = overallTotals([
      tier('gold', {
        accounts: 3,
        approaching: 1,
        breached: 1,
        withBreachedClocks: 2,
        withClocksAtRisk: 1,
        credit: { USD: 1050, EUR: 200 },
      }),
      tier('silver', { accounts: 2, approaching: 2, credit: { USD: 5 } }),
    ])
    expect(total).toEqual({
      accounts: 5,
      approaching: 3,
      breached: 1,
      withBreachedClocks: 2,
      withClocksAtRisk: 1,
      credit: { USD: 1055, EUR: 200 },
    })
    expect(overallTotals([])).toMatchObject({ accounts: 0, credit: {} })
  })

  it('lists credit by currency without zero amounts', () => {
    expect(creditEntries({ USD: 10, EUR: 0, CHF: 3 })).toEqual([
      ['CHF', 3],
      ['USD', 10],
    ])
  })

  it('orders tier cards by name with accounts without a tier last', () => {
    expect(orderedTiers([tier(null), tier('silver'), tier('gold')]).map((t) => t.tier)).toEqual([
      'gold',
      'silver',
      null,
    ])
  })
})

describe('pages and order', () => {
  it('appends a page without repeating accounts already shown', () => {
    expect(
      appendPage([item('a'), item('b')], [item('b'), item('c')]).map((i) => i.account.id),
    ).toEqual(['a', 'b', 'c'])
  })

  it('says which column is sorted and which way', () => {
    expect(ariaSortOf('credit', 'credit')).toBe('desc')
    expect(ariaSortOf('budget', 'budget')).toBe('desc')
    expect(ariaSortOf('name', 'name')).toBe('asc')
    expect(ariaSortOf('name', 'credit')).toBeUndefined()
  })

  it('gives statuses and flags a tone', () => {
    expect(budgetTone('ok')).toBe('green')
    expect(budgetTone('approaching')).toBe('yellow')
    expect(budgetTone('breached')).toBe('red')
    expect(budgetTone(null)).toBe('grey')
    expect(flagTone('clock-breached')).toBe('red')
    expect(flagTone('fast-burn')).toBe('yellow')
    expect(flagTone('no-contract')).toBe('grey')
  })

  it('labels known values only', () => {
    expect(knownKey('flag', 'credit-owed')).toBe('dashboard.flag.credit-owed')
    expect(knownKey('budget', 'weird')).toBeNull()
    expect(knownKey('impact', 'major')).toBe('dashboard.impact.major')
  })
})

describe('incidents', () => {
  const incident = (o: Partial<IncidentListItem>): IncidentListItem => ({
    id: 'i1',
    title: null,
    components: ['api'],
    regions: [],
    impact: 'major',
    start: '2026-11-10T10:00:00Z',
    end: null,
    errorRatePercent: null,
    exclusion: null,
    excludedFor: [],
    ongoing: true,
    revision: 1,
    createdAt: '2026-11-10T10:00:00Z',
    updatedAt: '2026-11-10T10:00:00Z',
    ...o,
  })
  const at = (iso: string) => Date.parse(iso)

  it('is ongoing until it ends', () => {
    expect(incidentStatus(incident({}))).toBe('ongoing')
    expect(incidentStatus(incident({ end: '2026-11-10T11:00:00Z', ongoing: false }))).toBe(
      'resolved',
    )
  })

  it('lasts to its end, or so far while it runs', () => {
    expect(outageDurationMs('2026-11-10T10:00:00Z', null, at('2026-11-10T10:30:00Z'))).toBe(
      30 * 60_000,
    )
    expect(
      outageDurationMs('2026-11-10T10:00:00Z', '2026-11-10T12:00:00Z', at('2026-11-11T00:00:00Z')),
    ).toBe(2 * 3_600_000)
    // Maintenance later today: its planned length; an open-ended future one: nothing yet.
    expect(
      outageDurationMs('2026-11-10T10:00:00Z', '2026-11-10T11:00:00Z', at('2026-11-10T09:00:00Z')),
    ).toBe(3_600_000)
    expect(outageDurationMs('2026-11-10T10:00:00Z', null, at('2026-11-10T09:00:00Z'))).toBeNull()
    expect(outageRunning('2026-11-10T10:00:00Z', null, at('2026-11-10T10:30:00Z'))).toBe(true)
    expect(
      outageRunning('2026-11-10T10:00:00Z', '2026-11-10T10:20:00Z', at('2026-11-10T10:30:00Z')),
    ).toBe(false)
    expect(outageRunning('2026-11-10T10:00:00Z', null, at('2026-11-10T09:00:00Z'))).toBe(false)
  })

  it('leaves the open ones out of the recent list', () => {
    expect(withoutIds([{ id: 'a' }, { id: 'b' }, { id: 'c' }], [{ id: 'b' }])).toEqual([
      { id: 'a' },
      { id: 'c' },
    ])
  })

  it('names the first affected accounts alphabetically and counts the rest', () => {
    const accounts = ['Zeta', 'Acme', 'Mono', 'Beta'].map((name) => ({ id: name, name }))
    expect(affectedSummary(accounts, 2)).toEqual({
      shown: [
        { id: 'Acme', name: 'Acme' },
        { id: 'Beta', name: 'Beta' },
      ],
      more: 2,
    })
    expect(affectedSummary(accounts).more).toBe(0)
  })
})
