/**
 * A sync process killed (SIGKILL) at random points and restarted ends with exactly the rows of
 * an uninterrupted sync: no duplicate, no gap. The sync runs as a user runs it — the built
 * `sla-tracker sync` command in a child process — against the simulator in this process.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSecretBox } from '@sla-tracker/server/secret-box'
import { runTenantSync } from '@sla-tracker/server/zendesk-sync'
import { SECRET_KEY } from '../support/test-app.js'
import { TEST_DATABASE_URL } from '../support/test-db.js'
import { FAST_CLIENT, snapshot, zendeskEnv, type ZendeskEnv } from '../support/zendesk-env.js'
import { ZendeskSimulator } from '../support/zendesk-simulator/index.js'
import { prng } from '../support/zendesk-simulator/util/prng.js'

const BIN = fileURLToPath(new URL('../../server/bin/sla-tracker.js', import.meta.url))

function childEnv(env: ZendeskEnv): NodeJS.ProcessEnv {
  const url = new URL(TEST_DATABASE_URL)
  url.searchParams.set('options', `-c search_path=${env.t.db.schema}`)
  return {
    ...process.env,
    DATABASE_URL: url.toString(),
    SECRET_KEY,
    ZENDESK_ALLOW_BASE_URL: 'true',
    ZENDESK_EXPORT_REQUESTS_PER_MINUTE: '10000',
    LOG_LEVEL: 'silent',
    DEMO: 'false',
  }
}

/** Runs `sla-tracker sync`; kills it after `killAfterMs` (resolves 'killed') or lets it finish. */
function runSyncProcess(
  env: ZendeskEnv,
  killAfterMs: number | null,
  subdomain = env.tenant.subdomain,
): Promise<{ outcome: 'killed' | 'exited'; code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, 'sync', subdomain, '--no-writeback', '--quiet', '--page-size', '4'],
      { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    let killed = false
    const timer =
      killAfterMs === null
        ? undefined
        : setTimeout(() => {
            killed = true
            child.kill('SIGKILL')
          }, killAfterMs)
    child.on('error', reject)
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer)
      resolve({ outcome: killed ? 'killed' : 'exited', code, out })
    })
  })
}

describe('a sync process killed at random points', () => {
  let sim: ZendeskSimulator
  let reference: ZendeskEnv
  let victim: ZendeskEnv

  beforeAll(async () => {
    sim = await ZendeskSimulator.start({ clock: () => Date.now() })
    // Real time on both sides: the child process computes clocks with its own clock.
    reference = await zendeskEnv({ sim, subdomain: 'reference', now: Date.now() })
    victim = await zendeskEnv({ sim, subdomain: 'victim', now: Date.now() })
    const r = await runTenantSync(
      {
        db: reference.t.db.db,
        secrets: createSecretBox(SECRET_KEY),
        config: reference.t.app.config,
        clock: () => Date.now(),
        clientOptions: FAST_CLIENT,
      },
      reference.tenant.id,
      { instance: 'reference', perPage: 4 },
    )
    expect(r.status).toBe('done')
  }, 60_000)
  afterAll(async () => {
    await reference?.close()
    await victim?.close()
    await sim?.stop()
  })

  it('resumes from the committed pages and ends with the same rows, with no duplicate and no gap', async () => {
    // Slow exports a little so that kills land between and inside pages.
    sim.faults.add({
      subdomain: 'victim',
      path: /incremental/,
      kind: 'timeout',
      delayMs: 25,
      times: Infinity,
    })
    const random = prng(2026) // seeded: the kill points are random but reproducible
    const pagesAt: number[] = []
    let kills = 0
    for (let i = 0; i < 6; i++) {
      const r = await runSyncProcess(victim, 700 + Math.floor(random() * 1800))
      if (r.outcome === 'killed') kills++
      const pages = await victim.t.db.db
        .selectFrom('zendesk_sync_streams')
        .select((eb) => eb.fn.sum<number>('pages_total').as('p'))
        .where('tenant_id', '=', victim.tenant.id)
        .executeTakeFirst()
      pagesAt.push(Number(pages?.p ?? 0))
      if (r.outcome === 'exited') break
    }
    sim.faults.clear()
    const last = await runSyncProcess(victim, null)
    expect(last.outcome).toBe('exited')
    expect(last.code, last.out).toBe(0)
    expect(last.out).toMatch(/sync done/)
    // The kills interrupted real work: pages were committed between them.
    expect(kills).toBeGreaterThanOrEqual(2)
    expect(new Set(pagesAt).size).toBeGreaterThan(1)

    const got = await snapshot(victim.t.db.db, victim.tenant.id)
    const want = await snapshot(reference.t.db.db, reference.tenant.id)
    expect(got.events.length).toBe(want.events.length)
    expect(got).toEqual(want)
  }, 120_000)

  it('explains, and exits 1, when the tenant has no Zendesk connection yet', async () => {
    await victim.t.createTenant('unconnected')
    const r = await runSyncProcess(victim, null, 'unconnected')
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/"unconnected" has no Zendesk connection yet/)
  }, 30_000)
})
