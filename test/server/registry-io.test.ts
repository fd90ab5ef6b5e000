/**
 * Bulk import and export of the registry (JSON and YAML documents in the scenario file's shapes,
 * accounts as CSV): all-or-nothing with a per-item report, upsert and replace, round trips.
 */
import { evaluateScenario } from '@sla-tracker/shared'
import { parse, stringify } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp, type TestTenant } from '../support/test-app.js'
import {
  auditOf,
  errorOf,
  example,
  exampleText,
  expectStatus,
  exportOf,
  issuesOf,
  tokenActor,
  without,
  type Doc,
} from './registry-fixtures.js'

let t: TestApp
let acme: TestTenant

beforeAll(async () => {
  t = await buildTestApp()
  acme = await t.createTenant('acme')
})
afterAll(async () => t.close())

const admin = () => acme.adminToken

function importYaml(text: string, query = '') {
  return t.request('POST', `/api/v1/registry/import${query}`, {
    token: admin(),
    payload: text,
    headers: { 'content-type': 'application/yaml' },
  })
}

function importJson(doc: unknown, query = '') {
  return t.request('POST', `/api/v1/registry/import${query}`, {
    token: admin(),
    body: doc as object,
  })
}

function importCsv(text: string) {
  return t.request('POST', '/api/v1/accounts/import.csv', {
    token: admin(),
    payload: text,
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  })
}

async function csvOf(): Promise<string> {
  const r = expectStatus(
    await t.request('GET', '/api/v1/accounts.csv', { token: acme.adminToken }),
    200,
  )
  expect(r.headers['content-type']).toBe('text/csv; charset=utf-8')
  return r.body
}

describe('registry import and export', () => {
  it('imports a scenario file as it is, ignoring its tickets and clock', async () => {
    const r = await importYaml(exampleText('three-tier-tai'))
    expectStatus(r, 200)
    expect(r.json<Doc>()).toMatchObject({
      mode: 'upsert',
      calendars: { created: 1, updated: 0, unchanged: 0, deleted: 0 },
      tiers: { created: 3 },
      accounts: { created: 3 },
      ignored: ['name', 'now', 'period', 'tickets'],
    })
  })

  it('exports exactly what was imported, in the scenario shapes', async () => {
    const tai = example('three-tier-tai')
    const doc = await exportOf(t, acme)
    expect(doc.calendars).toEqual(tai.calendars)
    expect(doc.tiers).toEqual(tai.tiers)
    // Accounts are exported in id order.
    const byId = (a: Doc, b: Doc) => (a.id < b.id ? -1 : 1)
    expect(doc.accounts).toEqual([...tai.accounts].sort(byId))
  })

  it('exports YAML that reads as the same document, and evaluates as a scenario', async () => {
    const r = await t.request('GET', '/api/v1/registry?format=yaml', { token: acme.adminToken })
    expectStatus(r, 200)
    expect(r.headers['content-type']).toBe('application/yaml; charset=utf-8')
    const fromYaml = parse(r.body) as Doc
    expect(fromYaml['x-exported']).toMatchObject({ at: '2026-03-18T15:00:00.000Z' })
    const doc = without(fromYaml, 'x-exported')
    expect(doc).toEqual(await exportOf(t, acme))
    const tai = example('three-tier-tai')
    const evaluated = evaluateScenario({ ...doc, now: tai.now, tickets: tai.tickets })
    expect(evaluated.ok).toBe(true)
  })

  it('changes nothing when an export is imported back', async () => {
    const before = await exportOf(t, acme)
    const exported = await t.request('GET', '/api/v1/registry', { token: acme.adminToken })
    const r = await importJson(exported.json())
    expect(r.json<Doc>().registryRevision).toBe(exported.json<Doc>()['x-exported'].registryRevision)
    expect(r.json<Doc>()).toMatchObject({
      calendars: { unchanged: 1, created: 0, updated: 0 },
      tiers: { unchanged: 3 },
      accounts: { unchanged: 3 },
      ignored: [],
    })
    expect(await exportOf(t, acme)).toEqual(before)
    const [entry] = await auditOf(t, acme, 'entity=registry')
    expect(entry).toMatchObject({
      action: 'import',
      actor: tokenActor(acme.adminToken),
      after: { mode: 'upsert', accounts: { unchanged: 3 } },
    })
  })

  it('upserts: items of the document replace theirs, the others are kept', async () => {
    const tai = example('three-tier-tai')
    tai.accounts[2].name = 'Fabrikam Incorporated'
    tai.accounts[2].csm = 'Jo Park'
    tai.calendars[0].laterVersions = [
      {
        effectiveFrom: '2027-01-01',
        definition: { timeZone: 'America/New_York', hours: '24x7' },
      },
    ]
    const r = await importJson({ calendars: tai.calendars, accounts: [tai.accounts[2]] })
    expect(r.json<Doc>()).toMatchObject({
      calendars: { updated: 1 },
      tiers: { created: 0, updated: 0, unchanged: 0 },
      accounts: { updated: 1, created: 0, unchanged: 0 },
    })
    const doc = await exportOf(t, acme)
    expect(doc.accounts.map((a: Doc) => a.id)).toEqual(['contoso', 'fabrikam', 'northwind'])
    expect(doc.accounts[1]).toMatchObject({ name: 'Fabrikam Incorporated', csm: 'Jo Park' })
    expect(doc.calendars[0].laterVersions).toEqual(tai.calendars[0].laterVersions)
    const cal = await t.request('GET', '/api/v1/calendars/us-eastern-business', { token: admin() })
    expect(cal.json<Doc>()).toMatchObject({ revision: 2 })
    expect(cal.json<Doc>().versions).toHaveLength(2)
    const audit = await auditOf(t, acme, 'entity=account&entityId=fabrikam')
    expect(audit[0]).toMatchObject({
      action: 'update',
      before: { name: 'Fabrikam Inc', csm: null, revision: 1 },
      after: { name: 'Fabrikam Incorporated', csm: 'Jo Park', revision: 2 },
    })
  })

  it('refuses a bad item with a per-item report and writes nothing at all', async () => {
    const before = await exportOf(t, acme)
    const auditBefore = await auditOf(t, acme, '')
    const five = example('five-tier-support')
    // Valid new calendars, tiers and four valid accounts — and one with an unknown tier.
    const accounts = five.accounts.slice(0, 4)
    accounts.splice(3, 0, {
      ...five.accounts[4],
      contracts: [{ tier: 'platinum', monthlyFee: { amountMinor: 1, currency: 'USD' } }],
    })
    const r = await importJson({ calendars: five.calendars, tiers: five.tiers, accounts })
    expect(r.statusCode).toBe(422)
    expect(errorOf(r)).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'the import was refused (1 problem; see details): nothing was written',
    })
    expect(issuesOf(r)).toEqual([
      expect.objectContaining({ path: 'accounts[3].contracts[0].tier', rule: 'reference' }),
    ])
    expect(await exportOf(t, acme)).toEqual(before)
    expect(await auditOf(t, acme, '')).toEqual(auditBefore)
  })

  it('reports every problem of a document at once, by path', async () => {
    const before = await exportOf(t, acme)
    const tai = example('three-tier-tai')
    tai.calendars.push({ id: 'bad-zone', timeZone: 'Mars/Olympus', hours: '24x7' })
    tai.tiers[1].versions[0].profile.targets.firstResponse.p7 = { minutes: 5, basis: 'calendar' }
    tai.accounts.push({ ...tai.accounts[0] }) // duplicate id and organization
    tai.accounts.push({ id: 'x', name: 'X', components: [], contracts: [], extra: true })
    const r = await importJson(tai, '?mode=replace')
    expect(r.statusCode).toBe(422)
    expect(issuesOf(r).map((i) => [i.path, i.rule])).toEqual(
      expect.arrayContaining([
        ['calendars[1].timeZone', 'time-zone'],
        ['tiers[1].versions[0].profile.targets.firstResponse.p7', 'reference'],
        ['accounts[3].id', 'unique'],
        ['accounts[3].organizationId', 'unique'],
        ['accounts[4]', 'unknown-field'],
        ['accounts[4].contracts', 'min-items'],
      ]),
    )
    expect(await exportOf(t, acme)).toEqual(before)
  })

  it('refuses an upsert of a tier that would break an account the document leaves alone', async () => {
    const before = await exportOf(t, acme)
    expectStatus(
      await t.request('PUT', '/api/v1/accounts/northwind/contracts/1', {
        token: admin(),
        body: {
          tier: 'enterprise',
          monthlyFee: { amountMinor: 1250000, currency: 'USD' },
          overrides: { targets: { resolution: { p3: { minutes: 2000, basis: 'business' } } } },
        },
      }),
      200,
    )
    const enterprise = example('three-tier-tai').tiers[0]
    const profile = enterprise.versions[0].profile
    profile.priorities = profile.priorities.filter((p: Doc) => p.id !== 'p3')
    for (const m of Object.keys(profile.targets as Doc)) delete profile.targets[m].p3
    const r = await importJson({ tiers: [enterprise as Doc] })
    expect(r.statusCode).toBe(422)
    expect(issuesOf(r)).toEqual([
      expect.objectContaining({
        path: 'accounts[id=northwind].contracts[0].overrides.targets.resolution.p3',
      }),
    ])
    const after = await exportOf(t, acme)
    expect(after.tiers).toEqual(before.tiers)
  })

  it('refuses an organization already mapped to an account the document leaves alone', async () => {
    const r = await importJson({
      accounts: [
        {
          id: 'newco',
          name: 'NewCo',
          organizationId: 360001,
          components: [],
          contracts: [{ tier: 'starter', monthlyFee: { amountMinor: 1, currency: 'USD' } }],
        },
      ],
    })
    expect(r.statusCode).toBe(422)
    expect(issuesOf(r)).toEqual([
      expect.objectContaining({ path: 'accounts[0].organizationId', rule: 'unique' }),
    ])
    expect(issuesOf(r)[0]!.message).toContain('"northwind"')
  })

  it('replaces: the registry becomes the document', async () => {
    const r = await importYaml(exampleText('five-tier-support'), '?mode=replace')
    expectStatus(r, 200)
    expect(r.json<Doc>()).toMatchObject({
      mode: 'replace',
      calendars: { created: 2, deleted: 1 },
      tiers: { created: 3, updated: 2, deleted: 1 },
      accounts: { created: 5, deleted: 3 },
    })
    const five = example('five-tier-support')
    const doc = await exportOf(t, acme)
    expect(doc.calendars).toEqual(five.calendars)
    expect(doc.tiers.map((x: Doc) => x.id).sort()).toEqual(five.tiers.map((x: Doc) => x.id).sort())
    expect(doc.accounts.map((a: Doc) => a.id)).toEqual(five.accounts.map((a: Doc) => a.id).sort())
    const deleted = await auditOf(t, acme, 'entity=account&entityId=northwind')
    expect(deleted[0]).toMatchObject({ action: 'delete', after: null })
  })

  it('takes larger documents than other routes, up to the import limit', async () => {
    const doc = { ...(await exportOf(t, acme)), 'x-padding': 'x'.repeat(1_500_000) }
    const r = await importJson(doc)
    expectStatus(r, 200)
    expect(r.json<Doc>().accounts.unchanged).toBe(5)
  })

  it('refuses malformed YAML, alias bombs, other media types and non-documents', async () => {
    const bad = await importYaml('tiers:\n  - id: a\n   name: b\n')
    expect(bad.statusCode).toBe(400)
    expect(errorOf(bad).message).toMatch(/^the body is not valid YAML: line \d+, column \d+/)
    const lol = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for (let i = 0; i < 8; i++)
      lol.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      )
    const bomb = await importYaml(lol.join('\n'))
    expect(bomb.statusCode).toBe(400)
    const text = await t.request('POST', '/api/v1/registry/import', {
      token: admin(),
      payload: 'calendars: []',
      headers: { 'content-type': 'text/plain' },
    })
    expect(text.statusCode).toBe(415)
    expect(errorOf(text).code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const list = await importJson([1, 2])
    expect(list.statusCode).toBe(422)
    expect(issuesOf(list)[0]).toMatchObject({ path: '', rule: 'type' })
    const unknownKey = await importJson({ calendars: [], widgets: [] })
    expect(issuesOf(unknownKey)[0]).toMatchObject({ rule: 'unknown-field' })
    const mode = await importJson({}, '?mode=merge')
    expect(mode.statusCode).toBe(400)
  })
})

describe('accounts as CSV', () => {
  it('exports one row per account with its latest contract', async () => {
    const csv = await csvOf()
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'id,name,timeZone,organizationId,components,regions,csm,renewalDate,tier,monthlyFeeMinor,currency,effectiveFrom',
    )
    expect(lines).toContain(
      'harbour-bank,Harbour Bank,Australia/Sydney,,platform;api;data-processing;dashboard,,,,enterprise,4000000,USD,',
    )
    expect(lines).toHaveLength(6)
  })

  it('round-trips: importing the export changes nothing', async () => {
    const before = await exportOf(t, acme)
    const r = await importCsv(await csvOf())
    expect(r.json<Doc>().accounts).toEqual({ created: 0, updated: 0, unchanged: 5, deleted: 0 })
    expect(await exportOf(t, acme)).toEqual(before)
  })

  it('creates, corrects the latest contract, and appends versions, per row', async () => {
    const rows = (await csvOf()).trimEnd().split('\r\n')
    const edited = rows.map((line) => {
      if (line.startsWith('pacific-bakery,'))
        // Same (empty) effectiveFrom: the latest version is corrected; a CSM is set.
        return line.replace(',,,,starter,50000,USD,', ',,Dana Lee,2026-12-31,starter,55000,USD,')
      if (line.startsWith('thames-analytics,'))
        // A later effectiveFrom: a new version is appended.
        return line.replace(',growth,200000,USD,', ',scale,600000,USD,2026-04-01')
      return line
    })
    edited.push(
      'new-co,"New Co, Ltd",Europe/Berlin,42,platform;api,eu-central,Sam Roe,2027-03-31,growth,250000,EUR,',
    )
    const r = await importCsv(edited.join('\r\n'))
    expectStatus(r, 200)
    expect(r.json<Doc>().accounts).toEqual({ created: 1, updated: 2, unchanged: 3, deleted: 0 })
    const bakery = (
      await t.request('GET', '/api/v1/accounts/pacific-bakery', { token: admin() })
    ).json<Doc>()
    expect(bakery).toMatchObject({ csm: 'Dana Lee', renewalDate: '2026-12-31' })
    expect(bakery.contracts).toEqual([
      expect.objectContaining({
        version: 1,
        tier: 'starter',
        monthlyFee: { amountMinor: 55000, currency: 'USD' },
      }),
    ])
    const thames = (
      await t.request('GET', '/api/v1/accounts/thames-analytics', { token: admin() })
    ).json<Doc>()
    expect(thames.contracts.map((c: Doc) => [c.effectiveFrom, c.tier])).toEqual([
      [null, 'growth'],
      ['2026-04-01', 'scale'],
    ])
    const newCo = (
      await t.request('GET', '/api/v1/accounts/new-co', { token: admin() })
    ).json<Doc>()
    expect(newCo).toMatchObject({
      name: 'New Co, Ltd',
      timeZone: 'Europe/Berlin',
      organizationId: 42,
      components: ['platform', 'api'],
      regions: ['eu-central'],
      contracts: [{ tier: 'growth', monthlyFee: { amountMinor: 250000, currency: 'EUR' } }],
    })
    // The export now shows the new rows exactly as they were written.
    const again = await csvOf()
    expect(again).toContain(
      'new-co,"New Co, Ltd",Europe/Berlin,42,platform;api,eu-central,Sam Roe,2027-03-31,growth,250000,EUR,',
    )
    expect(again).toContain(',scale,600000,USD,2026-04-01')
  })

  it('keeps the values of columns left out of the header', async () => {
    const r = await importCsv(
      'id,name,tier,monthlyFeeMinor,currency\r\nnew-co,New Co,growth,260000,EUR\r\n',
    )
    expectStatus(r, 200)
    const newCo = (
      await t.request('GET', '/api/v1/accounts/new-co', { token: admin() })
    ).json<Doc>()
    expect(newCo).toMatchObject({ name: 'New Co', csm: 'Sam Roe', organizationId: 42 })
    expect(newCo.contracts[0].monthlyFee.amountMinor).toBe(260000)
  })

  it('refuses a file with bad rows, naming row and column, and imports nothing', async () => {
    const before = await exportOf(t, acme)
    const csv = [
      'id,name,timeZone,organizationId,components,regions,csm,renewalDate,tier,monthlyFeeMinor,currency,effectiveFrom',
      'ok-1,Fine Account,UTC,,platform,,,,starter,1000,USD,',
      'bad-2,Bad Currency,UTC,,platform,,,,starter,1000,usd,',
      'bad-3,Bad Fee,UTC,,platform,,,,starter,12.50,USD,',
      'bad-4,Bad Tier,UTC,,platform,,,,platinum,1000,USD,',
      'bad-5,Bad Zone,Mars/Olympus,,platform,,,,starter,1000,USD,',
      'ok-1,Duplicate,UTC,,platform,,,,starter,1000,USD,',
      'bad-7,Taken Organization,UTC,42,platform,,,,starter,1000,USD,',
      'thames-analytics,Thames Analytics,Europe/London,,platform,,,,growth,200000,USD,2026-01-01',
      'bad-9,Short Row,UTC',
      'bad-10,Bad Date,UTC,,platform,,,2026-13-01,starter,1000,USD,',
    ].join('\n')
    const r = await importCsv(csv)
    expect(r.statusCode).toBe(422)
    expect(errorOf(r).message).toContain('nothing was imported')
    const issues = issuesOf(r) as (ReturnType<typeof issuesOf>[number] & { row: number })[]
    expect(issues.map((i) => [i.path, i.rule])).toEqual(
      expect.arrayContaining([
        ['row 3, column currency', 'pattern'],
        ['row 4, column monthlyFeeMinor', 'type'],
        ['row 5, column tier', 'reference'],
        ['row 6, column timeZone', 'time-zone'],
        ['row 7, column id', 'unique'],
        ['row 8, column organizationId', 'unique'],
        ['row 9, column effectiveFrom', 'order'],
        ['row 10', 'column-count'],
        ['row 11, column renewalDate', 'date'],
      ]),
    )
    expect(issues.every((i) => i.row >= 3)).toBe(true)
    expect(await exportOf(t, acme)).toEqual(before)
  })

  it('refuses unknown or missing header columns and malformed CSV', async () => {
    const header = await importCsv('id,name,tier,fee\r\nx,X,starter,1\r\n')
    expect(header.statusCode).toBe(422)
    expect(issuesOf(header).map((i) => [i.path, i.rule])).toEqual([
      ['row 1', 'unknown-field'],
      ['row 1, column monthlyFeeMinor', 'required'],
      ['row 1, column currency', 'required'],
    ])
    const malformed = await importCsv('id,name\r\n"unterminated,X\r\n')
    expect(malformed.statusCode).toBe(400)
    expect(errorOf(malformed).message).toMatch(/^the body is not valid CSV/)
    const empty = await importCsv('')
    expect(empty.statusCode).toBe(400)
    const json = await t.request('POST', '/api/v1/accounts/import.csv', {
      token: admin(),
      body: { id: 'x' },
    })
    expect(json.statusCode).toBe(415)
  })

  it('leaves an audit entry per changed account', async () => {
    const entries = await auditOf(t, acme, 'entity=account&entityId=new-co')
    expect(entries.map((e) => e.action)).toEqual(['update', 'create'])
    expect(entries[0]!.before.contracts[0].monthlyFee.amountMinor).toBe(250000)
    expect(entries[0]!.after.contracts[0].monthlyFee.amountMinor).toBe(260000)
  })
})

describe('YAML bodies elsewhere', () => {
  it('do not reach JSON routes', async () => {
    const r = await t.request('POST', '/api/v1/tokens', {
      token: admin(),
      payload: stringify({ name: 'x', scope: 'read' }),
      headers: { 'content-type': 'application/yaml' },
    })
    expect(r.statusCode).toBe(415)
  })
})
