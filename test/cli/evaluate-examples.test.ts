/**
 * The bundled examples, evaluated through the CLI, give the hand-checked figures documented in
 * their comments.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { EvaluationReport } from '@sla-tracker/shared'
import { run } from '../support/run-cli.js'

const example = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url))

async function evaluate(name: string): Promise<EvaluationReport> {
  const r = await run('evaluate', example(name))
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.out) as EvaluationReport
}

const account = (r: EvaluationReport, id: string) => r.accounts.find((a) => a.id === id)!
const clock = (r: EvaluationReport, ticket: string, metric: string, cycle = 1) =>
  r.tickets
    .find((t) => t.id === ticket)!
    .clocks.find((c) => c.metric === metric && c.cycle === cycle)!

describe('examples/three-tier-tai.yaml', () => {
  it('applies the 4-hour after-hours target to a Saturday P1 and breaches it at 19:00Z', async () => {
    const r = await evaluate('three-tier-tai.yaml')
    expect(clock(r, '1002', 'firstResponse')).toMatchObject({
      state: 'breached',
      afterHours: true,
      targetMinutes: 240,
      breachedAt: '2026-03-07T19:00:00.000Z',
    })
    // 5.5 h running, 12.5 h pending (paused), 3 h running: 8.5 h of 24 h.
    expect(clock(r, '1002', 'resolution')).toMatchObject({ state: 'met', elapsedMinutes: 510 })
  })

  it('pauses resolution while pending and on hold: P2 due 14 March 08:30Z', async () => {
    const r = await evaluate('three-tier-tai.yaml')
    expect(clock(r, '1003', 'resolution')).toMatchObject({
      state: 'breached',
      breachedAt: '2026-03-14T08:30:00.000Z',
      active: true,
    })
  })

  it('keeps Starter terms for a ticket opened before the upgrade to Mid-Market', async () => {
    const r = await evaluate('three-tier-tai.yaml')
    // Starter P2 resolution: 5 business days = 45 h from Thu 26 Feb 10:00 EST → Thu 5 Mar 10:00 EST.
    expect(clock(r, '2001', 'resolution')).toMatchObject({
      targetMinutes: 2700,
      breachedAt: '2026-03-05T15:00:00.000Z',
      terms: { accountVersion: 0 },
    })
    expect(account(r, 'contoso').contract).toMatchObject({ tier: 'mid-market', accountVersion: 1 })
  })

  it('computes the per-miss credits with the repeated-miss escalation', async () => {
    const r = await evaluate('three-tier-tai.yaml')
    // Northwind: 5% + 5% + 10% = 20% ≥ 15% → 20% of $12,500.
    expect(account(r, 'northwind').credit!.totalMinor).toBe(250_000)
    // Contoso: 3% + 5% = 8% < 10% → 10% of $5,000.
    expect(account(r, 'contoso').credit!.totalMinor).toBe(50_000)
    // Fabrikam (no escalation): 1% + 2% + 1% = 4% of $1,500.
    expect(account(r, 'fabrikam').credit!.totalMinor).toBe(6_000)
    expect(r.summary.creditsOwed).toEqual({ USD: 306_000 })
  })
})

describe('examples/five-tier-support.yaml', () => {
  it('times business hours in each customer zone and 24/7 for the top tiers', async () => {
    const r = await evaluate('five-tier-support.yaml')
    // Starter, Los Angeles: Fri 16:00 PDT + 4 business hours = Mon 11:00 PDT.
    expect(clock(r, '5102', 'firstResponse')).toMatchObject({
      state: 'breached',
      breachedAt: '2026-03-16T18:00:00.000Z',
    })
    // Growth, London extended hours: Sat 16:00 + 2 h = Mon 07:00 (1 h on Saturday, 1 h on Monday).
    expect(clock(r, '5201', 'firstResponse')).toMatchObject({
      state: 'met',
      dueAt: '2026-03-16T07:00:00.000Z',
    })
    // Pro, 50 of 60 minutes: at the 80% warning.
    expect(clock(r, '5401', 'firstResponse')).toMatchObject({
      state: 'running',
      warningLevel: 2,
      warningThreshold: 80,
    })
  })

  it('offers the on-request support-response credit at 2% per hour late', async () => {
    const r = await evaluate('five-tier-support.yaml')
    // 2 h late × 2% of $500; 0.5 h × 2% of $6,000; 25 min × 2% of $40,000 = $333.33.
    expect(account(r, 'pacific-bakery').credit).toMatchObject({
      totalMinor: 2_000,
      onRequestMinor: 2_000,
    })
    expect(account(r, 'mumbai-retail').credit!.totalMinor).toBe(6_000)
    expect(account(r, 'harbour-bank').credit!.totalMinor).toBe(33_333)
    expect(account(r, 'harbour-bank').credit!.claimDeadlineText).toBe('2026-04-16T00:00:00+10:00')
  })
})

describe('examples/uptime-credits.yaml', () => {
  it('counts maintenance by notice, window and allowance', async () => {
    const r = await evaluate('uptime-credits.yaml')
    const platform = account(r, 'orbit-logistics').uptime.find(
      (u) => u.commitmentId === 'platform',
    )!
    // 50 (outage) + 15 (half of a 30-min partial) + 30 (emergency patch) + 60 (over the allowance) + 30 (after 06:00)
    expect(platform.downtimeMinutes).toBe(185)
    expect(platform.uptimePercent).toBe('99.5717')
    expect(platform.errorBudget.status).toBe('breached')
  })

  it('computes linear, per-day and banded credits exactly', async () => {
    const r = await evaluate('uptime-credits.yaml')
    const orbit = account(r, 'orbit-logistics').credit!
    // 185 min: (0.1 − (43,200 − 185)/43,200·100 + 99.8 …) → 16.412037…% of $20,000 = $3,282.41
    expect(orbit.schedules.find((s) => s.scheduleId === 'platform')!.amountMinor).toBe(328_241)
    // 45 min of API downtime (third-party, not excluded): 5.41666…% of $20,000 = $1,083.33
    expect(orbit.schedules.find((s) => s.scheduleId === 'api')!.amountMinor).toBe(108_333)
    expect(orbit.schedules.find((s) => s.scheduleId === 'performance')!.amountMinor).toBe(200_000)
    expect(orbit.totalMinor).toBe(636_574)
    // 60 minutes down in a 30-day month: 99.86%, in the 10% band.
    expect(account(r, 'quarry-media').credit!.totalMinor).toBe(35_000)
  })
})
