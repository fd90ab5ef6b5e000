/* global process, console */
// The sidebar read under load: GET /api/v1/tickets/:id/sla with a ZAF JWT, on PostgreSQL holding
// 100,000 tickets and 1,000 accounts, against the real service process; load from this (a
// second) process with autocannon. Baseline in the same run: a Fastify hello world measured the
// same way.
//
//   npm run bench -- sidebar-read          (builds first; needs PostgreSQL at 127.0.0.1:5432)
//   node bench/sidebar-read.bench.mjs [--quick]
//
// Three targets, each measured at saturation (as many requests as 32 connections get answered)
// and at a fixed rate of 2,000 requests/s (latency with coordinated omission corrected):
//   - the service with its sidebar cache (the default with PostgreSQL), after one read of every
//     ticket has warmed it;
//   - the same service with the cache off (SIDEBAR_CACHE_TICKETS=0): every read is a database read;
//   - a Fastify hello world (the baseline).
// `--reuse` keeps the database of the previous run (skips the minute or so of seeding).
// Data: a database `sla_bench` (dropped and recreated), the demo's five-tier contracts, 1,000
// accounts, 100 tickets each, ingested through the service's own ingest path (also timed).
// Prints a table and writes bench/results/sidebar-read.json.

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { createSigner } from 'fast-jwt'
import pg from 'pg'
import { connectPostgres, migrateToLatest } from '../server/dist/db/database.js'
import { createSecretBox } from '../server/dist/lib/secret-box.js'
import { createTenant } from '../server/dist/features/tenants/tenants.service.js'
import { importRegistry } from '../server/dist/features/registry/registry-io.service.js'
import { ingestTicketEvents } from '../server/dist/features/tickets/tickets.service.js'
import { DEMO_CALENDARS, DEMO_TIERS, DEMO_ZONES } from '../server/dist/features/demo/demo-data.js'
import { demoTickets, prng } from '../server/dist/features/demo/demo-tickets.js'
import { formatInstant } from '@sla-tracker/shared'
import { sql } from 'kysely'
import { performance } from 'node:perf_hooks'
import { mulberry32 } from './lib.mjs'

const QUICK = process.argv.includes('--quick')
const ACCOUNTS = QUICK ? 100 : 1000
const TICKETS_PER_ACCOUNT = 100
const DURATION = QUICK ? 5 : 20
const CONNECTIONS = 32
const FIXED_RATE = 2000
const SERVICE_PORT = 3931
const HELLO_PORT = 3932
const UNCACHED_PORT = 3933
const user = os.userInfo().username
const ADMIN_URL = `postgres://${user}@127.0.0.1:5432/postgres`
const BENCH_DB = 'sla_bench'
const DATABASE_URL = `postgres://${user}@127.0.0.1:5432/${BENCH_DB}`
const REUSE = process.argv.includes('--reuse')
const STATE_FILE = join(os.tmpdir(), 'sla-bench-state.json')
const root = join(dirname(fileURLToPath(import.meta.url)), '..')

async function recreateDatabase() {
  const c = new pg.Client({ connectionString: ADMIN_URL })
  await c.connect()
  await c.query(`drop database if exists ${BENCH_DB} with (force)`)
  await c.query(`create database ${BENCH_DB}`)
  await c.end()
}

const iso = (t) => formatInstant(t)
function ingestEvents(id, events) {
  return events.map((e, n) => {
    const { at, ...rest } = e
    return { key: `${id}-${n}`, at: iso(at), ...rest }
  })
}

async function seed(SECRET_KEY) {
  await recreateDatabase()
  const handle = connectPostgres(DATABASE_URL, { poolSize: 4 })
  await migrateToLatest(handle.db)
  const secrets = createSecretBox(SECRET_KEY)
  const now = Date.now()
  const tenant = await createTenant(handle.db, secrets, {
    subdomain: 'bench',
    name: 'Bench',
    actor: 'bench',
    now: new Date(now),
  })
  const who = { tenantId: tenant.tenant.id, actor: 'bench', now }
  await importRegistry(
    { db: handle.db },
    who,
    {
      calendars: DEMO_CALENDARS.map((c) => ({ id: c.id, name: c.name, ...c.definition })),
      tiers: DEMO_TIERS.map((t) => ({
        id: t.id,
        name: t.name,
        versions: [{ profile: t.profile }],
      })),
      accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({
        id: `acct-${i + 1}`,
        name: `Account ${i + 1}`,
        timeZone: DEMO_ZONES[i % DEMO_ZONES.length],
        organizationId: 1_000_000 + i,
        components: ['platform', 'api', 'dashboard'],
        contracts: [
          {
            tier: DEMO_TIERS[i % DEMO_TIERS.length].id,
            monthlyFee: {
              amountMinor: DEMO_TIERS[i % DEMO_TIERS.length].monthlyFeeMinor,
              currency: 'USD',
            },
          },
        ],
      })),
    },
    'upsert',
  )
  const rand = prng(0xbe7c4)
  const started = performance.now()
  let tickets = 0
  let events = 0
  let batch = []
  const flush = async () => {
    if (batch.length === 0) return
    await ingestTicketEvents(handle.db, { tenantId: tenant.tenant.id, now, tickets: batch })
    batch = []
  }
  for (let i = 0; i < ACCOUNTS; i++) {
    for (const t of demoTickets(
      rand,
      1 + i * TICKETS_PER_ACCOUNT,
      TICKETS_PER_ACCOUNT,
      now,
      [3, 2, 1, 0.5, 0.25][i % 5],
    )) {
      batch.push({
        id: t.id,
        organizationId: 1_000_000 + i,
        subject: t.subject,
        events: ingestEvents(t.id, t.events),
      })
      tickets++
      events += t.events.length
    }
    if (batch.length >= 1000) await flush()
    if ((i + 1) % 100 === 0)
      process.stdout.write(`  seeded ${tickets.toLocaleString('en-US')} tickets\n`)
  }
  await flush()
  const seconds = (performance.now() - started) / 1000
  // Fresh statistics after the bulk load, as autovacuum would gather soon after.
  await sql`vacuum analyze`.execute(handle.db)
  await handle.close()
  return {
    tickets,
    events,
    ingestSeconds: seconds,
    sharedSecret: tenant.sharedSecret,
    secretKey: SECRET_KEY,
  }
}

const children = []
process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')))

function startProcess(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    children.push(child)
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      if (/running at|ready/.test(out)) resolve(child)
    })
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out}`)))
  })
}

function run(opts) {
  return new Promise((resolve, reject) => {
    const base =
      opts.amount === undefined
        ? { connections: CONNECTIONS, duration: DURATION }
        : { connections: CONNECTIONS }
    autocannon({ ...base, ...opts }, (err, result) => (err ? reject(err) : resolve(result)))
  })
}

function summary(name, r) {
  return {
    name,
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  }
}

console.log(
  `sidebar read: ${ACCOUNTS.toLocaleString('en-US')} accounts × ${TICKETS_PER_ACCOUNT} tickets, ${DURATION} s per run, ${CONNECTIONS} connections`,
)
let seeded
if (REUSE && existsSync(STATE_FILE)) {
  seeded = JSON.parse(readFileSync(STATE_FILE, 'utf8'))
  console.log('reusing the database of the previous run')
} else {
  seeded = await seed(randomBytes(32).toString('hex'))
  writeFileSync(STATE_FILE, JSON.stringify(seeded))
}
console.log(
  `ingested ${seeded.tickets.toLocaleString('en-US')} tickets (${seeded.events.toLocaleString('en-US')} events) through the ingest service in ${seeded.ingestSeconds.toFixed(1)} s: ${Math.round(seeded.tickets / seeded.ingestSeconds).toLocaleString('en-US')} tickets/s with replay and account months`,
)

const serviceEnv = {
  DATABASE_URL,
  SECRET_KEY: seeded.secretKey,
  LOG_LEVEL: 'warn',
  DEMO: 'false',
  REFRESH_INTERVAL_SECONDS: '0',
  DATABASE_POOL_SIZE: '10',
}
const service = await startProcess(['server/dist/cli/main.js', 'serve'], {
  ...serviceEnv,
  PORT: String(SERVICE_PORT),
})
const uncached = await startProcess(['server/dist/cli/main.js', 'serve'], {
  ...serviceEnv,
  PORT: String(UNCACHED_PORT),
  SIDEBAR_CACHE_TICKETS: '0',
})
const hello = await startProcess(['bench/hello-world-server.mjs', String(HELLO_PORT)], {})

const sign = createSigner({ key: seeded.sharedSecret, algorithm: 'HS256', expiresIn: 3_600_000 })
const jwt = sign({ iss: 'bench', sub: '42' })
const rand = mulberry32(7)
const maxTicket = ACCOUNTS * TICKETS_PER_ACCOUNT
const sidebarOn = (port) => ({
  url: `http://127.0.0.1:${port}`,
  headers: { authorization: `Bearer ${jwt}` },
  requests: [
    {
      method: 'GET',
      setupRequest: (req) => ({
        ...req,
        path: `/api/v1/tickets/${1 + Math.floor(rand() * maxTicket)}/sla`,
      }),
    },
  ],
})
const cachedTarget = sidebarOn(SERVICE_PORT)
const uncachedTarget = sidebarOn(UNCACHED_PORT)
const helloTarget = { url: `http://127.0.0.1:${HELLO_PORT}/hello` }

// Warm the cache: read every ticket once.
let next = 0
const warmStarted = performance.now()
await run({
  url: `http://127.0.0.1:${SERVICE_PORT}`,
  headers: { authorization: `Bearer ${jwt}` },
  connections: 64,
  amount: maxTicket,
  requests: [
    {
      method: 'GET',
      setupRequest: (req) => ({ ...req, path: `/api/v1/tickets/${1 + (next++ % maxTicket)}/sla` }),
    },
  ],
})
const warmSeconds = (performance.now() - warmStarted) / 1000
console.log(
  `warmed the cache with ${maxTicket.toLocaleString('en-US')} reads in ${warmSeconds.toFixed(1)} s`,
)
await run({ ...uncachedTarget, duration: 3 })
await run({ ...helloTarget, duration: 3 })
const rows = [
  summary('sidebar, cached, saturation', await run(cachedTarget)),
  summary('sidebar, uncached, saturation', await run(uncachedTarget)),
  summary('hello world, saturation', await run(helloTarget)),
  summary(
    `sidebar, cached, ${FIXED_RATE} req/s`,
    await run({ ...cachedTarget, overallRate: FIXED_RATE }),
  ),
  summary(
    `sidebar, uncached, ${FIXED_RATE} req/s`,
    await run({ ...uncachedTarget, overallRate: FIXED_RATE }),
  ),
  summary(
    `hello world, ${FIXED_RATE} req/s`,
    await run({ ...helloTarget, overallRate: FIXED_RATE }),
  ),
]
service.kill('SIGTERM')
uncached.kill('SIGTERM')
hello.kill('SIGTERM')

console.log(
  '\ntarget                                requests     req/s    p50 ms   p99 ms   max ms   non-2xx  errors',
)
for (const r of rows)
  console.log(
    `${r.name.padEnd(37)} ${String(r.requests).padStart(8)} ${r.rps.toFixed(0).padStart(9)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.max).padStart(8)} ${String(r.non2xx).padStart(9)} ${String(r.errors).padStart(7)}`,
  )
const ratio = rows[0].rps / rows[2].rps
console.log(
  `\nsidebar (cached) / hello-world throughput: ${(ratio * 100).toFixed(1)}% (goal ≥ 25%)`,
)
console.log(
  `sidebar at saturation: ${rows[0].rps.toFixed(0)} req/s cached, ${rows[1].rps.toFixed(0)} uncached (goal ≥ 2,000); p99 at ${FIXED_RATE} req/s: ${rows[3].p99} ms cached, ${rows[4].p99} ms uncached (goal ≤ 10 ms)`,
)

if (!QUICK) {
  const dir = join(root, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'sidebar-read.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine: { node: process.version, cpus: os.cpus().length, load: os.loadavg() }, config: { ACCOUNTS, TICKETS_PER_ACCOUNT, DURATION, CONNECTIONS, FIXED_RATE }, seeded: { tickets: seeded.tickets, events: seeded.events, ingestSeconds: seeded.ingestSeconds }, warmSeconds, rows, ratio }, null, 2)}\n`,
  )
}
process.exit(0)
