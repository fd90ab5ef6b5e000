import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ContractProfile, DowntimeDefinition } from '../contract/profile.schema.js'
import { monthPeriod } from '../time/period.js'
import { BASE_PROFILE, resolvedContract } from '../test-support/contract-fixtures.js'
import type { Incident } from './incident.js'
import { computeAccountUptime } from './uptime.js'

const MIN = 60_000
const period = monthPeriod('2026-04', 'UTC')

const incidentArb: fc.Arbitrary<Incident> = fc
  .record({
    start: fc.integer({ min: -120, max: 30 * 1440 }),
    minutes: fc.integer({ min: 1, max: 600 }),
    impact: fc.constantFrom('major' as const, 'partial' as const, 'degraded' as const),
    component: fc.constantFrom('platform', 'api'),
    excluded: fc.boolean(),
  })
  .map(({ start, minutes, impact, component, excluded }) => ({
    id: `i${start}-${minutes}`,
    components: [component],
    impact,
    start: period.start + start * MIN,
    end: period.start + (start + minutes) * MIN,
    ...(excluded ? { exclusion: 'force-majeure' as const } : {}),
  }))

function downtime(incidents: Incident[], downtimeDef: DowntimeDefinition = {}, now = period.end) {
  const profile: ContractProfile = {
    ...BASE_PROFILE,
    uptime: {
      commitments: [{ id: 'platform', components: ['platform'], target: '99.9' }],
      downtime: downtimeDef,
    },
  }
  const r = computeAccountUptime({
    accountId: 'acme',
    components: ['platform', 'api'],
    contract: resolvedContract(profile),
    period,
    now,
    incidents,
    maintenance: [],
  })
  return r.commitments[0]!
}

/** Minute-by-minute oracle: a minute is down when a counted incident on the platform covers it. */
function oracleMinutes(incidents: Incident[], until: number): number {
  let n = 0
  for (let t = period.start; t < until; t += MIN) {
    if (
      incidents.some(
        (i) =>
          i.components.includes('platform') &&
          i.impact !== 'degraded' &&
          !i.exclusion &&
          i.start <= t &&
          i.end! > t,
      )
    )
      n++
  }
  return n
}

const definitionArb: fc.Arbitrary<DowntimeDefinition> = fc.oneof(
  fc.constant({}),
  fc.record({ minConsecutiveMinutes: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ method: fc.constant('slots' as const), slotMinutes: fc.constantFrom(1, 5, 15, 60) }),
  fc.record({
    impactWeights: fc.record({
      partial: fc.constantFrom('0', '25', '50', '100'),
      degraded: fc.constantFrom('0', '10'),
    }),
  }),
)

describe('uptime invariants', () => {
  it('counts exactly the minutes covered by counted incidents (oracle), continuous default definition', () => {
    fc.assert(
      fc.property(
        fc.array(incidentArb, { maxLength: 8 }),
        fc.integer({ min: 0, max: 30 * 1440 }),
        (incidents, nowMin) => {
          const now = period.start + nowMin * MIN
          expect(downtime(incidents, {}, now).downtimeMs).toBe(oracleMinutes(incidents, now) * MIN)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('never decreases when an incident is added, under any downtime definition', () => {
    fc.assert(
      fc.property(
        fc.array(incidentArb, { maxLength: 6 }),
        incidentArb,
        definitionArb,
        (incidents, extra, def) => {
          const before = downtime(incidents, def)
          const after = downtime([...incidents, extra], def)
          expect(after.downtimeMs).toBeGreaterThanOrEqual(before.downtimeMs)
          expect(after.downtimeMs).toBeLessThanOrEqual(after.periodMs)
          // Uptime and budget agree: breached exactly when uptime is below target.
          expect(after.errorBudget.status === 'breached').toBe(!after.meetsTarget)
        },
      ),
      { numRuns: 150 },
    )
  })
})
