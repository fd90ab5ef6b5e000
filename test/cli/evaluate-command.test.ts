import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { run } from '../support/run-cli.js'

const example = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url))

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sla-cli-'))
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

describe('sla-tracker evaluate', () => {
  it('explains itself with --help', async () => {
    const r = await run('evaluate', '--help')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/Usage: sla-tracker evaluate/)
    expect(r.out).toMatch(/Exit status/)
  })

  it('shows the commands without arguments and refuses an unknown command', async () => {
    expect((await run()).out).toMatch(/Commands:/)
    const r = await run('evalute')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/unknown command "evalute"/)
  })

  it('prints a readable summary', async () => {
    const r = await run('evaluate', example('three-tier-tai.yaml'), '--summary')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/northwind\s+enterprise/)
    expect(r.out).toMatch(/credits owed: \$3,060\.00/)
  })

  it('overrides now and period from the command line', async () => {
    const r = await run(
      'evaluate',
      example('three-tier-tai.yaml'),
      '--now',
      '2026-03-03T14:10:00Z',
      '--period',
      '2026-03',
    )
    // As of 14:10Z only ticket 1001 exists… and later tickets' events are "after now".
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/tickets\[1\]\.events\[0\]\.at: is after "now" \(future\)/)
  })

  it('writes the report to a file with --output', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'sla-cli-')), 'report.json')
    const r = await run('evaluate', example('uptime-credits.yaml'), '--output', out, '--compact')
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/wrote .*report\.json/)
    const report = JSON.parse(await readFile(out, 'utf8')) as { accounts: unknown[] }
    expect(report.accounts).toHaveLength(3)
  })

  it('exits 2 on a missing file, an unknown extension, malformed JSON or YAML, and bad options', async () => {
    expect(await run('evaluate', '/nonexistent/scenario.yaml')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no such file/) as unknown,
    })
    expect((await run('evaluate', await tempFile('s.txt', '{}'))).err).toMatch(
      /unknown file type "\.txt"/,
    )
    expect((await run('evaluate', await tempFile('s.json', '{"now": '))).err).toMatch(
      /not valid JSON/,
    )
    expect((await run('evaluate', await tempFile('s.yaml', 'now: [unclosed\n'))).err).toMatch(
      /not valid YAML: line \d+, column \d+/,
    )
    expect((await run('evaluate', await tempFile('s.yaml', 'a: 1\na: 2\n'))).err).toMatch(
      /not valid YAML/,
    )
    expect((await run('evaluate', 'x.yaml', '--now', 'yesterday')).code).toBe(2)
    expect((await run('evaluate', 'x.yaml', '--period', '2026-13')).code).toBe(2)
    expect((await run('evaluate', 'x.yaml', '--bogus')).code).toBe(2)
    expect((await run('evaluate', 'a.yaml', 'b.yaml')).code).toBe(2)
  })

  it('exits 1 and lists every problem with its path and rule for an invalid scenario', async () => {
    const r = await run(
      'evaluate',
      await tempFile(
        'bad.yaml',
        [
          'now: 2026-03-20T20:00:00Z',
          'tiers: [{ id: t, versions: [{ profile: { name: T, priorities: [{ id: p }], targets: { firstResponse: { q: { minutes: -5, basis: business } } } } }] }]',
          'accounts: [{ id: a, name: A, timeZone: Mars/Olympus, components: [], contracts: [{ tier: t, monthlyFee: { amountMinor: 1, currency: USD } }] }]',
        ].join('\n'),
      ),
    )
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/the scenario is invalid \(\d+ problems\)/)
    expect(r.err).toMatch(
      /tiers\[0\]\.versions\[0\]\.profile\.targets\.firstResponse\.q\.minutes: must be >= 1 \(range\)/,
    )
    expect(r.err).toMatch(
      /accounts\[0\]\.timeZone: "Mars\/Olympus" is not an IANA time zone \(time-zone\)/,
    )
  })
})
