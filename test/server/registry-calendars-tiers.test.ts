/**
 * Calendars and tier templates: versions with effective dates, corrections, Zendesk schedules,
 * deletion rules, the re-check of every account a tier change touches, and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import {
  auditOf,
  calendarBody,
  errorOf,
  example,
  expectStatus,
  exportOf,
  issuesOf,
  seedTai,
  tokenActor,
  without,
  type Doc,
} from './registry-fixtures.js'

let t: TestApp
let acme: TestTenant
let tai: Doc

beforeAll(async () => {
  t = await buildTestApp()
  acme = await t.createTenant('acme')
  tai = await seedTai(t, acme)
})
afterAll(async () => t.close())

const admin = () => acme.adminToken

describe('calendars', () => {
  it('are created from a scenario calendar and read back with their versions', async () => {
    const r = await t.request('GET', '/api/v1/calendars/us-eastern-business', {
      token: acme.readToken,
    })
    expectStatus(r, 200)
    expect(r.headers.etag).toBe('"1"')
    const cal = r.json<Doc>()
    const definition = without(tai.calendars[0] as Doc, 'id', 'name')
    expect(cal).toMatchObject({
      id: 'us-eastern-business',
      name: tai.calendars[0].name as string,
      revision: 1,
    })
    expect(cal.versions).toEqual([
      { version: 1, effectiveFrom: null, definition, createdAt: '2026-03-18T15:00:00.000Z' },
    ])
    // Keys come back in the order of the calendar format, not jsonb's.
    expect(Object.keys(cal.versions[0].definition.hours[0] as object)).toEqual([
      'days',
      'start',
      'end',
    ])
    const list = await t.request('GET', '/api/v1/calendars', { token: acme.readToken })
    expect(list.json<Doc>().calendars).toEqual([
      expect.objectContaining({ id: 'us-eastern-business', versionCount: 1, revision: 1 }),
    ])
  })

  it('refuse a duplicate id, a definition naming another id, and invalid definitions', async () => {
    const dup = await t.request('POST', '/api/v1/calendars', {
      token: admin(),
      body: { id: 'us-eastern-business', definition: { hours: '24x7' } },
    })
    expect(dup.statusCode).toBe(409)
    const other = await t.request('POST', '/api/v1/calendars', {
      token: admin(),
      body: { id: 'cal-a', definition: { id: 'cal-b', hours: '24x7' } },
    })
    expect(other.statusCode).toBe(422)
    expect(issuesOf(other)).toEqual([expect.objectContaining({ path: 'definition.id' })])
    const zone = await t.request('POST', '/api/v1/calendars', {
      token: admin(),
      body: {
        id: 'cal-a',
        definition: {
          timeZone: 'Mars/Olympus',
          hours: [{ days: ['mon'], start: '10:00', end: '10:00' }],
        },
      },
    })
    expect(zone.statusCode).toBe(422)
    expect(issuesOf(zone)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'definition.timeZone', rule: 'time-zone' }),
        expect.objectContaining({ path: 'definition.hours[0]', rule: 'interval' }),
      ]),
    )
    const shape = await t.request('POST', '/api/v1/calendars', {
      token: admin(),
      body: { id: 'cal-a', definition: { hours: 'sometimes' } },
    })
    expect(shape.statusCode).toBe(400)
    expect(issuesOf(shape)[0]).toMatchObject({ path: 'definition.hours', rule: 'one-of' })
    expect((await t.request('GET', '/api/v1/calendars/cal-a', { token: admin() })).statusCode).toBe(
      404,
    )
  })

  it('take new versions from a later date or instant, in every time zone', async () => {
    expectStatus(
      await t.request('POST', '/api/v1/calendars', {
        token: admin(),
        body: { id: 'support-hours', definition: { hours: '24x7' } },
      }),
      201,
    )
    const v2 = await t.request('POST', '/api/v1/calendars/support-hours/versions', {
      token: admin(),
      body: {
        effectiveFrom: '2026-03-31T23:00:00Z',
        definition: {
          hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '20:00' }],
        },
      },
    })
    expectStatus(v2, 201)
    expect(v2.json<Doc>().versions.map((v: Doc) => v.effectiveFrom)).toEqual([
      null,
      '2026-03-31T23:00:00Z',
    ])
    // 2026-04-01 is after 23:00 UTC on 31 March in UTC, but not at UTC+14.
    const ambiguous = await t.request('POST', '/api/v1/calendars/support-hours/versions', {
      token: admin(),
      body: { effectiveFrom: '2026-04-01', definition: { hours: '24x7' } },
    })
    expect(ambiguous.statusCode).toBe(422)
    expect(issuesOf(ambiguous)).toEqual([
      expect.objectContaining({ path: 'effectiveFrom', rule: 'order' }),
    ])
    const earlier = await t.request('POST', '/api/v1/calendars/support-hours/versions', {
      token: admin(),
      body: { effectiveFrom: '2026-01-01', definition: { hours: '24x7' } },
    })
    expect(earlier.statusCode).toBe(422)
    const missing = await t.request('POST', '/api/v1/calendars/support-hours/versions', {
      token: admin(),
      body: { definition: { hours: '24x7' } },
    })
    expect(missing.statusCode).toBe(400)
    expect(issuesOf(missing)[0]).toMatchObject({ path: '', rule: 'required' })
    const ok = await t.request('POST', '/api/v1/calendars/support-hours/versions', {
      token: admin(),
      body: { effectiveFrom: '2026-04-02', definition: { hours: '24x7' } },
    })
    expectStatus(ok, 201)
    expect(ok.json<Doc>()).toMatchObject({ revision: 3 })
  })

  it('correct a version in place, keeping the versions in order', async () => {
    const fixed = await t.request('PUT', '/api/v1/calendars/support-hours/versions/2', {
      token: admin(),
      headers: { 'if-match': '"3"' },
      body: {
        effectiveFrom: '2026-03-31T23:00:00Z',
        definition: {
          hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:00', end: '19:00' }],
        },
      },
    })
    expectStatus(fixed, 200)
    expect(fixed.json<Doc>().versions[1].definition.hours[0].start).toBe('07:00')
    expect(fixed.headers.etag).toBe('"4"')
    const firstDated = await t.request('PUT', '/api/v1/calendars/support-hours/versions/1', {
      token: admin(),
      body: { effectiveFrom: '2026-01-01', definition: { hours: '24x7' } },
    })
    expect(firstDated.statusCode).toBe(422)
    expect(issuesOf(firstDated)[0]).toMatchObject({ path: 'effectiveFrom', rule: 'first-version' })
    const pastNext = await t.request('PUT', '/api/v1/calendars/support-hours/versions/2', {
      token: admin(),
      body: { effectiveFrom: '2026-05-01', definition: { hours: '24x7' } },
    })
    expect(pastNext.statusCode).toBe(422)
    expect(issuesOf(pastNext)[0]).toMatchObject({
      path: 'versions[2].effectiveFrom',
      rule: 'order',
    })
    const stale = await t.request('PUT', '/api/v1/calendars/support-hours/versions/2', {
      token: admin(),
      headers: { 'if-match': '"3"' },
      body: { effectiveFrom: '2026-03-31T23:00:00Z', definition: { hours: '24x7' } },
    })
    expect(stale.statusCode).toBe(409)
    expect(
      (
        await t.request('PUT', '/api/v1/calendars/support-hours/versions/9', {
          token: admin(),
          body: { effectiveFrom: '2027-01-01', definition: { hours: '24x7' } },
        })
      ).statusCode,
    ).toBe(404)
  })

  it('are renamed, and deleted only when nothing names them', async () => {
    const renamed = await t.request('PATCH', '/api/v1/calendars/support-hours', {
      token: admin(),
      body: { name: 'Support hours' },
    })
    expect(renamed.json<Doc>()).toMatchObject({ name: 'Support hours', revision: 5 })
    // The same name again, or a correction that corrects nothing, writes nothing.
    const same = await t.request('PATCH', '/api/v1/calendars/support-hours', {
      token: admin(),
      body: { name: 'Support hours' },
    })
    expect(same.json<Doc>().revision).toBe(5)
    const version1 = renamed.json<Doc>().versions[0]
    const unchanged = await t.request('PUT', '/api/v1/calendars/support-hours/versions/1', {
      token: admin(),
      body: { definition: version1.definition },
    })
    expect(unchanged.json<Doc>().revision).toBe(5)
    const used = await t.request('DELETE', '/api/v1/calendars/us-eastern-business', {
      token: admin(),
    })
    expect(used.statusCode).toBe(409)
    expect(errorOf(used).message).toContain('"enterprise"')
    const gone = await t.request('DELETE', '/api/v1/calendars/support-hours', { token: admin() })
    expect(gone.statusCode).toBe(204)
    expect(
      (await t.request('GET', '/api/v1/calendars/support-hours', { token: admin() })).statusCode,
    ).toBe(404)
    expect(
      (await t.request('DELETE', '/api/v1/calendars/support-hours', { token: admin() })).statusCode,
    ).toBe(404)
  })

  it('leave an audit trail: who, when, before and after', async () => {
    const entries = await auditOf(t, acme, 'entity=calendar&entityId=support-hours')
    expect(entries.map((e) => e.action)).toEqual([
      'delete',
      'update',
      'update',
      'update',
      'update',
      'create',
    ])
    for (const e of entries) {
      expect(e.actor).toBe(tokenActor(acme.adminToken))
      expect(e.at).toBe('2026-03-18T15:00:00.000Z')
    }
    const [deleted, renamed, corrected] = entries
    expect(deleted!.before).toMatchObject({ id: 'support-hours', revision: 5 })
    expect(deleted!.after).toBeNull()
    expect(renamed!.before.name).toBeNull()
    expect(renamed!.after.name).toBe('Support hours')
    expect(corrected!.before.versions[1].definition.hours[0].start).toBe('08:00')
    expect(corrected!.after.versions[1].definition.hours[0].start).toBe('07:00')
    expect(entries.at(-1)!.before).toBeNull()
  })
})

describe('Zendesk schedules', () => {
  const schedule = {
    id: 360000123,
    name: 'EMEA support',
    time_zone: 'London',
    intervals: [
      { start_time: 1980, end_time: 2460 }, // Mon 09:00–17:00
      { start_time: 3420, end_time: 3900 }, // Tue 09:00–17:00
    ],
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
  }
  const holidays = [{ id: 1, name: 'Christmas', start_date: '2026-12-25', end_date: '2026-12-26' }]

  it('are imported as calendars with IANA zones and holidays', async () => {
    const r = await t.request('POST', '/api/v1/calendars/import-zendesk', {
      token: admin(),
      body: { schedule, holidays },
    })
    expectStatus(r, 201)
    expect(r.json<Doc>()).toMatchObject({
      id: 'zendesk-360000123',
      name: 'EMEA support',
      versions: [
        {
          version: 1,
          definition: {
            timeZone: 'Europe/London',
            hours: [{ days: ['mon', 'tue'], start: '09:00', end: '17:00' }],
            holidays: [{ name: 'Christmas', date: '2026-12-25', until: '2026-12-26' }],
          },
        },
      ],
    })
  })

  it('become a new version of an existing calendar only with effectiveFrom', async () => {
    const again = await t.request('POST', '/api/v1/calendars/import-zendesk', {
      token: admin(),
      body: { schedule },
    })
    expect(again.statusCode).toBe(409)
    const next = await t.request('POST', '/api/v1/calendars/import-zendesk', {
      token: admin(),
      body: { schedule: { ...schedule, time_zone: 'Europe/Dublin' }, effectiveFrom: '2026-06-01' },
    })
    expectStatus(next, 200)
    expect(next.json<Doc>().versions).toHaveLength(2)
    expect(next.json<Doc>().versions[1].definition.timeZone).toBe('Europe/Dublin')
  })

  it('are refused with the problems named in Zendesk terms', async () => {
    const r = await t.request('POST', '/api/v1/calendars/import-zendesk', {
      token: admin(),
      body: {
        id: 'bad-zendesk',
        schedule: { time_zone: 'Atlantis', intervals: [{ start_time: 600, end_time: 500 }] },
        holidays: [{ name: 'x', start_date: '2026-02-30', end_date: '2026-02-30' }],
      },
    })
    expect(r.statusCode).toBe(422)
    expect(issuesOf(r).map((i) => i.path)).toEqual(
      expect.arrayContaining(['schedule.time_zone', 'schedule.intervals[0].end_time']),
    )
    const noId = await t.request('POST', '/api/v1/calendars/import-zendesk', {
      token: admin(),
      body: { schedule: { time_zone: 'UTC', intervals: [{ start_time: 0, end_time: 600 }] } },
    })
    expect(noId.statusCode).toBe(400)
  })
})

describe('tiers', () => {
  it('hold the example profiles, with their account counts', async () => {
    const list = await t.request('GET', '/api/v1/tiers', { token: acme.readToken })
    expect(list.json<Doc>().tiers.map((x: Doc) => [x.id, x.versionCount, x.accountCount])).toEqual([
      ['enterprise', 1, 1],
      ['mid-market', 1, 1],
      ['starter', 1, 2],
    ])
    const one = await t.request('GET', '/api/v1/tiers/enterprise', { token: acme.readToken })
    expect(one.json<Doc>().versions[0].profile).toEqual(tai.tiers[0].versions[0].profile)
  })

  it('check a profile by the engine rules, its calendar against the stored calendars', async () => {
    const profile = { ...tai.tiers[2].versions[0].profile, calendar: 'nowhere' }
    const r = await t.request('POST', '/api/v1/tiers', {
      token: admin(),
      body: { id: 'basic', profile },
    })
    expect(r.statusCode).toBe(422)
    expect(issuesOf(r)).toEqual([expect.objectContaining({ path: 'profile.calendar' })])
    const shape = await t.request('POST', '/api/v1/tiers', {
      token: admin(),
      body: { id: 'basic', profile: { ...profile, priorities: [] } },
    })
    expect(shape.statusCode).toBe(400)
    expect(issuesOf(shape)[0]).toMatchObject({ path: 'profile.priorities', rule: 'min-items' })
  })

  it('take versions by effective date and corrections in place', async () => {
    const base = tai.tiers[2].versions[0].profile
    const v2 = await t.request('POST', '/api/v1/tiers/starter/versions', {
      token: admin(),
      body: {
        effectiveFrom: '2026-07-01',
        profile: { ...base, name: 'TAI Starter 2026-H2' },
      },
    })
    expectStatus(v2, 201)
    expect(v2.json<Doc>()).toMatchObject({ revision: 2 })
    const fixed = await t.request('PUT', '/api/v1/tiers/starter/versions/2', {
      token: admin(),
      body: { effectiveFrom: '2026-06-01', profile: { ...base, name: 'TAI Starter 2026-H2' } },
    })
    expectStatus(fixed, 200)
    expect(fixed.json<Doc>().versions.map((v: Doc) => v.effectiveFrom)).toEqual([
      null,
      '2026-06-01',
    ])
  })

  it('refuse a change that would break an account, and change nothing', async () => {
    // Northwind's contract overrides the enterprise P0 first-response target.
    const northwind = (
      await t.request('GET', '/api/v1/accounts/northwind', { token: admin() })
    ).json<Doc>()
    expectStatus(
      await t.request('PUT', '/api/v1/accounts/northwind/contracts/1', {
        token: admin(),
        body: {
          ...tai.accounts[0].contracts[0],
          overrides: { targets: { firstResponse: { p0: { minutes: 15, basis: 'calendar' } } } },
          revision: northwind.revision,
        },
      }),
      200,
    )
    const before = await exportOf(t, acme)
    const auditBefore = await auditOf(t, acme, 'entity=tier')
    // A new enterprise profile without P0: valid on its own, but Northwind's override targets P0.
    const enterprise = tai.tiers[0].versions[0].profile
    const withoutP0 = {
      ...enterprise,
      priorities: enterprise.priorities.filter((p: Doc) => p.id !== 'p0'),
      targets: Object.fromEntries(
        Object.entries(enterprise.targets as Doc).map(([metric, byPriority]) => [
          metric,
          Object.fromEntries(Object.entries(byPriority as Doc).filter(([p]) => p !== 'p0')),
        ]),
      ),
    }
    const r = await t.request('POST', '/api/v1/tiers/enterprise/versions', {
      token: admin(),
      body: { effectiveFrom: '2026-04-01', profile: withoutP0 },
    })
    expect(r.statusCode).toBe(422)
    expect(errorOf(r).message).toContain('"northwind"')
    expect(issuesOf(r)).toEqual([
      expect.objectContaining({
        path: 'accounts[id=northwind].contracts[0].overrides.targets.firstResponse.p0',
        rule: 'reference',
      }),
    ])
    expect(issuesOf(r)[0]!.message).toContain('merged profile of tier "enterprise" version 1')
    // The same profile as a correction of version 1 is refused too.
    const corrected = await t.request('PUT', '/api/v1/tiers/enterprise/versions/1', {
      token: admin(),
      body: { profile: withoutP0 },
    })
    expect(corrected.statusCode).toBe(422)
    expect(await exportOf(t, acme)).toEqual(before)
    expect(await auditOf(t, acme, 'entity=tier')).toEqual(auditBefore)
  })

  it('are deleted only when no contract uses them', async () => {
    const used = await t.request('DELETE', '/api/v1/tiers/starter', { token: admin() })
    expect(used.statusCode).toBe(409)
    expect(errorOf(used).message).toMatch(
      /used by the contracts of 2 accounts \("contoso", "fabrikam"\)/,
    )
    const leadfly = example('five-tier-support').tiers[0]
    expectStatus(
      await t.request('POST', '/api/v1/calendars', {
        token: admin(),
        body: calendarBody(example('five-tier-support').calendars[0] as Doc),
      }),
      201,
    )
    expectStatus(
      await t.request('POST', '/api/v1/tiers', {
        token: admin(),
        body: { id: 'leadfly-starter', profile: leadfly.versions[0].profile },
      }),
      201,
    )
    expect(
      (await t.request('DELETE', '/api/v1/tiers/leadfly-starter', { token: admin() })).statusCode,
    ).toBe(204)
    expect(
      (await t.request('GET', '/api/v1/tiers/leadfly-starter', { token: admin() })).statusCode,
    ).toBe(404)
    const audit = await auditOf(t, acme, 'entity=tier&entityId=leadfly-starter')
    expect(audit.map((e) => [e.action, e.before?.id ?? null, e.after?.id ?? null])).toEqual([
      ['delete', 'leadfly-starter', null],
      ['create', null, 'leadfly-starter'],
    ])
  })
})
