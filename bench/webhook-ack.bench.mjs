/* global process, console, Buffer, setTimeout */
// Zendesk webhook acknowledgement under load: POST /webhooks/zendesk/:subdomain with signed
// deliveries, against the real service process (server/dist) on PostgreSQL; load from this (a
// second) process. Baseline in the same run: a Fastify hello world under the same load.
//
//   npm run bench -- webhook-ack          (builds first; needs PostgreSQL at 127.0.0.1:5432)
//   node bench/webhook-ack.bench.mjs [--quick]
//
// - Sustained: autocannon, 500 connections (500 deliveries in flight at any time), each request
//   a distinct invocation id and a fresh timestamp, signed as Zendesk signs (base64 HMAC-SHA256
//   of timestamp + raw body); warm-up, then a measured run. Two baselines run the same way: a
//   Fastify hello world, and the service's own `GET /healthz` (its hooks and logging, no work:
//   the floor of any route of the service).
// - Steady rates (open loop): deliveries sent evenly at a fixed rate (1,000 … 8,000 a second)
//   over up to 500 keep-alive connections, each timed from the instant it was due to be sent (so
//   a delivery that waits for a connection counts its wait); the hello world at the same rates.
//   autocannon's own fixed-rate mode is not used: it sends each second's quota at the start of
//   the second, i.e. bursts.
// - Burst: exactly 500 deliveries fired at once over 500 open keep-alive connections (one
//   warm-up burst, then 10 measured); the acknowledgement time of each delivery, from its send
//   to its 202. The hello world takes the same bursts (GET /hello), interleaved with them.
// - The group commit alone: 20,000 deliveries handed at once to the writer in this process
//   (the database's share of the work, without HTTP).
// - Afterwards: every acknowledged delivery must be in the table exactly once.
// Data: a database `sla_bench_webhooks` (dropped and recreated) with one tenant and its Zendesk
// connection (a known signing secret). The service runs with its webhook processor on (it marks
// deliveries processed and requests the tenant's sync while the load runs), the Zendesk sync off.
// Prints a table and writes bench/results/webhook-ack.json.

import { spawn } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import http from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import pg from 'pg'
import { connectPostgres, migrateToLatest } from '../server/dist/db/database.js'
import { createSecretBox } from '../server/dist/lib/secret-box.js'
import { createTenant } from '../server/dist/features/tenants/tenants.service.js'
import { createGroupWriter } from '../server/dist/features/zendesk/webhooks/group-writer.js'
import { gc } from './lib.mjs'

const QUICK = process.argv.includes('--quick')
const CONNECTIONS = 500
const WARMUP = QUICK ? 2 : 3
const DURATION = QUICK ? 3 : 10
const BURST = 500
const BURSTS = QUICK ? 2 : 10
const GOAL_P99_MS = 50
// Offered rates for the open-loop runs (deliveries/s over the 500 connections).
const RATES = QUICK ? [2_000, 6_000] : [1_000, 2_000, 4_000, 6_000, 8_000]
const RATE_SECONDS = QUICK ? 2 : 5
const SERVICE_PORT = 3941
const HELLO_PORT = 3942
const SUBDOMAIN = 'bench'
const SIGNING_SECRET = `whsec_${randomBytes(18).toString('base64url')}`
const SECRET_KEY = randomBytes(32).toString('hex')
const user = os.userInfo().username
const ADMIN_URL = `postgres://${user}@127.0.0.1:5432/postgres`
const BENCH_DB = 'sla_bench_webhooks'
const DATABASE_URL = `postgres://${user}@127.0.0.1:5432/${BENCH_DB}`
const root = join(dirname(fileURLToPath(import.meta.url)), '..')

async function recreateDatabase() {
  const c = new pg.Client({ connectionString: ADMIN_URL })
  await c.connect()
  await c.query(`drop database if exists ${BENCH_DB} with (force)`)
  await c.query(`create database ${BENCH_DB}`)
  await c.end()
}

async function seed() {
  await recreateDatabase()
  const handle = connectPostgres(DATABASE_URL, { poolSize: 2 })
  await migrateToLatest(handle.db)
  const secrets = createSecretBox(SECRET_KEY)
  const created = await createTenant(handle.db, secrets, {
    subdomain: SUBDOMAIN,
    name: 'Bench',
    actor: 'bench',
    now: new Date(),
  })
  await handle.db
    .insertInto('zendesk_connections')
    .values({
      tenant_id: created.tenant.id,
      subdomain: SUBDOMAIN,
      auth_kind: 'api-token',
      email: 'bench@example.com',
      credentials_enc: secrets.seal(JSON.stringify({ token: 'unused' })),
      sync_start_at: new Date(),
      webhook_id: '01BENCHWEBHOOK0000000000000',
      webhook_secret_enc: secrets.seal(SIGNING_SECRET),
      integration_user_id: 1,
    })
    .execute()
  await handle.close()
  return created.tenant.id
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

// Deliveries: a distinct invocation id each, a fresh timestamp (whole seconds, as Zendesk sends).
let seq = 0
const sentIds = new Set()
const ackedIds = new Set()
const statusCounts = {}
let duplicatesAnswered = 0
function delivery() {
  const id = `b${++seq}`
  const timestamp = `${new Date().toISOString().slice(0, 19)}Z`
  const body = `{"ticket_id":"${1 + (seq % 100_000)}","updated_at":"${timestamp}","updater_id":"456","event":"ticket_changed"}`
  const signature = createHmac('sha256', SIGNING_SECRET)
    .update(timestamp + body)
    .digest('base64')
  sentIds.add(id)
  return {
    id,
    body,
    headers: {
      'content-type': 'application/json',
      'x-zendesk-account-id': '1234567',
      'x-zendesk-webhook-id': '01BENCHWEBHOOK0000000000000',
      'x-zendesk-webhook-invocation-id': id,
      'x-zendesk-webhook-signature': signature,
      'x-zendesk-webhook-signature-timestamp': timestamp,
    },
  }
}
function answered(id, status, body) {
  statusCounts[status] = (statusCounts[status] ?? 0) + 1
  if (status !== 202) return
  ackedIds.add(id)
  if (body.includes('"duplicate":true')) duplicatesAnswered++
}

const webhookTarget = {
  url: `http://127.0.0.1:${SERVICE_PORT}`,
  requests: [
    {
      method: 'POST',
      path: `/webhooks/zendesk/${SUBDOMAIN}`,
      setupRequest: (req, context) => {
        const d = delivery()
        context.id = d.id
        return { ...req, headers: { ...req.headers, ...d.headers }, body: d.body }
      },
      onResponse: (status, body, context) => answered(context.id, status, body),
    },
  ],
}
const helloTarget = { url: `http://127.0.0.1:${HELLO_PORT}/hello` }
const healthTarget = { url: `http://127.0.0.1:${SERVICE_PORT}/healthz` }

function run(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, ...opts }, (err, result) =>
      err ? reject(err) : resolve(result),
    )
  })
}

function summary(name, r) {
  return {
    name,
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  }
}

const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]

// The burst: BURST requests over BURST open keep-alive connections, all sent at once.
const agent = new http.Agent({ keepAlive: true, maxSockets: BURST, maxFreeSockets: BURST })
function send(port, method, path, d) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: d ? { ...d.headers, 'content-length': Buffer.byteLength(d.body) } : {},
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c) => (text += c))
        res.on('end', () => {
          const end = performance.now()
          if (d) answered(d.id, res.statusCode, text)
          resolve({ status: res.statusCode, ms: end - started, end })
        })
      },
    )
    req.on('error', reject)
    req.end(d?.body)
  })
}
const round = (x) => Math.round(x * 10) / 10
async function burst(kind) {
  const deliveries = Array.from({ length: BURST }, () => (kind === 'webhook' ? delivery() : null))
  const t0 = performance.now()
  const results = await Promise.all(
    deliveries.map((d) =>
      d
        ? send(SERVICE_PORT, 'POST', `/webhooks/zendesk/${SUBDOMAIN}`, d)
        : send(HELLO_PORT, 'GET', '/hello', null),
    ),
  )
  const ms = results.map((r) => r.ms).sort((a, b) => a - b)
  return {
    ok: results.filter((r) => r.status === (kind === 'webhook' ? 202 : 200)).length,
    p50: round(quantile(ms, 0.5)),
    p90: round(quantile(ms, 0.9)),
    p99: round(quantile(ms, 0.99)),
    max: round(ms[ms.length - 1]),
    allAnsweredMs: round(Math.max(...results.map((r) => r.end)) - t0),
  }
}
/** Bursts of webhook deliveries and of hello-world requests, interleaved (same conditions). */
async function allBursts() {
  await burst('webhook') // opens the connections
  await burst('hello')
  const out = { webhook: [], helloWorld: [] }
  for (let i = 0; i < BURSTS; i++) {
    for (const [kind, list] of [
      ['webhook', out.webhook],
      ['hello', out.helloWorld],
    ]) {
      gc() // this process's garbage is not collected during a burst
      await new Promise((r) => setTimeout(r, 300))
      list.push(await burst(kind))
    }
  }
  return out
}

/**
 * Open loop: `rate` requests a second for RATE_SECONDS, the i-th due at t0 + i / rate, over the
 * burst agent's keep-alive connections (at most 500 at once; more wait for one). Each is timed
 * from its due instant, so time spent waiting to be sent counts.
 */
async function steady(kind, rate) {
  const n = rate * RATE_SECONDS
  const results = []
  const t0 = performance.now() + 20
  let next = 0
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now()
      for (; next < n && t0 + (next * 1000) / rate <= now; next++) {
        const due = t0 + (next * 1000) / rate
        const d = kind === 'webhook' ? delivery() : null
        const sent = d
          ? send(SERVICE_PORT, 'POST', `/webhooks/zendesk/${SUBDOMAIN}`, d)
          : send(HELLO_PORT, 'GET', '/hello', null)
        results.push(sent.then((r) => ({ status: r.status, ms: r.end - due })))
      }
      if (next < n) setTimeout(tick, 1)
      else resolve()
    }
    tick()
  })
  const done = await Promise.all(results)
  const ms = done.map((r) => r.ms).sort((a, b) => a - b)
  return {
    sent: n,
    ok: done.filter((r) => r.status === (kind === 'webhook' ? 202 : 200)).length,
    p50: round(quantile(ms, 0.5)),
    p90: round(quantile(ms, 0.9)),
    p99: round(quantile(ms, 0.99)),
    max: round(ms[ms.length - 1]),
  }
}

// The group commit alone, in this process: the database's share of an acknowledgement.
async function writerAlone(tenantId) {
  const handle = connectPostgres(DATABASE_URL, { poolSize: 10 })
  const writer = createGroupWriter({ db: handle.db })
  const n = 20_000
  const now = new Date().toISOString()
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      writer.store({
        tenantId,
        invocationId: `w${i}`,
        webhookId: null,
        signedAt: now,
        receivedAt: now,
        bodyJson: `{"ticket_id":"${i}","updated_at":"${now}","updater_id":"456","event":"ticket_changed"}`,
      }),
    ),
  )
  const ms = performance.now() - t0
  const stats = writer.stats()
  await writer.close()
  await handle.close()
  return {
    deliveries: n,
    ms: Math.round(ms),
    perSecond: Math.round((n / ms) * 1000),
    batches: stats.batches,
    rowsPerBatch: Math.round(stats.rows / stats.batches),
  }
}

console.log(
  `webhook acknowledgement: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s measured; bursts of ${BURST} (${BURSTS} measured)`,
)
const tenantId = await seed()
const service = await startProcess(['server/dist/cli/main.js', 'serve'], {
  DATABASE_URL,
  SECRET_KEY,
  LOG_LEVEL: 'warn',
  DEMO: 'false',
  REFRESH_INTERVAL_SECONDS: '0',
  ZENDESK_SYNC: 'false',
  DATABASE_POOL_SIZE: '10',
  PORT: String(SERVICE_PORT),
})
const hello = await startProcess(['bench/hello-world-server.mjs', String(HELLO_PORT)], {})
const loadBefore = os.loadavg()

await run({ ...webhookTarget, duration: WARMUP })
const webhook = await run({ ...webhookTarget, duration: DURATION })
await run({ ...healthTarget, duration: WARMUP })
const health = await run({ ...healthTarget, duration: DURATION })
await run({ ...helloTarget, duration: WARMUP })
const helloRun = await run({ ...helloTarget, duration: DURATION })
const rows = [
  summary(`webhook ack, ${CONNECTIONS} connections`, webhook),
  summary(`service /healthz, ${CONNECTIONS} conns`, health),
  summary(`hello world, ${CONNECTIONS} connections`, helloRun),
]

const { webhook: webhookBursts, helloWorld: helloBursts } = await allBursts()
const rated = []
for (const rate of RATES) {
  const webhookAt = await steady('webhook', rate)
  const helloAt = await steady('hello', rate)
  rated.push({ rate, webhook: webhookAt, helloWorld: helloAt })
}
const withinGoal = rated.filter(
  (r) => r.webhook.ok === r.webhook.sent && r.webhook.p99 <= GOAL_P99_MS,
)
agent.destroy()
const loadAfter = os.loadavg()

// Every acknowledged delivery is stored, once (the primary key makes "once" structural; the
// count makes it visible). Rows beyond the acknowledged ones are deliveries stored whose 202 was
// still on the wire when an autocannon run ended (it drops the requests in flight at its end).
const c = new pg.Client({ connectionString: DATABASE_URL })
await c.connect()
const { rows: stored } = await c.query(
  'select invocation_id from zendesk_webhook_deliveries where tenant_id = $1',
  [tenantId],
)
const storedIds = new Set(stored.map((r) => r.invocation_id))
const ackedMissing = [...ackedIds].filter((id) => !storedIds.has(id)).length
const storedNotSent = [...storedIds].filter((id) => !sentIds.has(id)).length
// The processor drains the pending deliveries (it ran during the load as well).
const drainStarted = performance.now()
let pending = Infinity
while (pending > 0 && performance.now() - drainStarted < 60_000) {
  pending = Number(
    (await c.query('select count(*) from zendesk_webhook_deliveries where processed_at is null'))
      .rows[0].count,
  )
  if (pending > 0) await new Promise((r) => setTimeout(r, 100))
}
const drainMs = performance.now() - drainStarted
const outcomes = Object.fromEntries(
  (
    await c.query(
      'select outcome, count(*)::int as n from zendesk_webhook_deliveries group by outcome',
    )
  ).rows.map((r) => [r.outcome ?? 'pending', r.n]),
)
const syncRequested = (
  await c.query('select requested_at from zendesk_sync_state where tenant_id = $1', [tenantId])
).rows[0]?.requested_at
service.kill('SIGTERM')
hello.kill('SIGTERM')
const writer = await writerAlone(tenantId)
await c.end()

const verification = {
  sent: sentIds.size,
  acknowledged202: ackedIds.size,
  statusCounts,
  duplicatesAnswered,
  rowsStored: storedIds.size,
  acknowledgedButNotStored: ackedMissing,
  storedButNeverSent: storedNotSent,
  storedWithoutAcknowledgement: storedIds.size - (ackedIds.size - ackedMissing),
  pendingAfterLoad: pending,
  processorDrainMs: Math.round(drainMs),
  outcomes,
  syncRequested: syncRequested !== undefined && syncRequested !== null,
}
const ok =
  ackedMissing === 0 &&
  storedNotSent === 0 &&
  duplicatesAnswered === 0 &&
  verification.storedWithoutAcknowledgement <= 2 * CONNECTIONS

console.log(
  '\ntarget                                requests     req/s   p50 ms   p90 ms   p99 ms   max ms   non-2xx  errors',
)
for (const r of rows)
  console.log(
    `${r.name.padEnd(37)} ${String(r.requests).padStart(8)} ${r.rps.toFixed(0).padStart(9)} ${String(r.p50).padStart(8)} ${String(r.p90).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.max).padStart(8)} ${String(r.non2xx).padStart(9)} ${String(r.errors).padStart(7)}`,
  )
const ratio = {
  throughputVsHello: rows[0].rps / rows[2].rps,
  throughputVsHealthz: rows[0].rps / rows[1].rps,
  p99VsHello: rows[0].p99 / Math.max(1, rows[2].p99),
}
console.log(
  `\nwebhook ack throughput: ${(ratio.throughputVsHello * 100).toFixed(1)}% of the hello world, ${(ratio.throughputVsHealthz * 100).toFixed(1)}% of the service's /healthz; p99 ${ratio.p99VsHello.toFixed(1)}× the hello world's`,
)
const medianOf = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
for (const [name, list] of [
  ['webhook deliveries (send → 202)', webhookBursts],
  ['hello world (send → 200)', helloBursts],
]) {
  console.log(`\nbursts of ${BURST} at once, ${name}, ms:`)
  for (const b of list)
    console.log(
      `  ok ${b.ok}/${BURST}  p50 ${b.p50}  p90 ${b.p90}  p99 ${b.p99}  max ${b.max}  all answered after ${b.allAnsweredMs}`,
    )
}
console.log(
  `\nsteady rates (open loop, ${RATE_SECONDS} s each, timed from each request's due instant), ms:`,
)
for (const r of rated)
  for (const [name, x] of [
    ['webhook', r.webhook],
    ['hello world', r.helloWorld],
  ])
    console.log(
      `  ${r.rate.toLocaleString('en-US').padStart(6)}/s ${name.padEnd(12)} ok ${x.ok}/${x.sent}  p50 ${x.p50}  p90 ${x.p90}  p99 ${x.p99}  max ${x.max}`,
    )
console.log(
  `\ngroup commit alone (this process, pool of 10): ${writer.deliveries.toLocaleString('en-US')} deliveries in ${writer.ms} ms = ${writer.perSecond.toLocaleString('en-US')}/s, ${writer.batches} statements of ${writer.rowsPerBatch} rows`,
)
const burstP99s = webhookBursts.map((b) => b.p99).sort((a, b) => a - b)
const burstP99Median = medianOf(burstP99s)
const goal = {
  p99Ms: GOAL_P99_MS,
  sustainedP99: rows[0].p99,
  burstP99Median,
  burstP99Best: burstP99s[0],
  burstP99Worst: burstP99s[burstP99s.length - 1],
  helloWorldBurstP99Median: medianOf(helloBursts.map((b) => b.p99)),
  metSustained: rows[0].p99 <= GOAL_P99_MS,
  metBurst: burstP99Median <= GOAL_P99_MS,
  highestSteadyRateWithinGoal:
    withinGoal.length > 0 ? withinGoal[withinGoal.length - 1].rate : null,
}
console.log(
  `\ngoal p99 ≤ ${GOAL_P99_MS} ms: sustained ${rows[0].p99} ms (${goal.metSustained ? 'met' : 'not met'}); bursts: median p99 ${burstP99Median} ms (best ${goal.burstP99Best}, worst ${goal.burstP99Worst}; the hello world's ${goal.helloWorldBurstP99Median}) (${goal.metBurst ? 'met' : 'not met'})`,
)
console.log(
  `goal p99 ≤ ${GOAL_P99_MS} ms at a steady rate: held up to ${goal.highestSteadyRateWithinGoal === null ? 'none of the rates' : `${goal.highestSteadyRateWithinGoal.toLocaleString('en-US')} deliveries/s`} (saturation: ${rows[0].rps.toFixed(0)}/s)`,
)
console.log(
  `\nverification: ${verification.acknowledged202} acknowledged (202), ${verification.rowsStored} rows; acknowledged but not stored: ${ackedMissing}; stored but never sent: ${storedNotSent}; duplicates answered: ${duplicatesAnswered}; stored, 202 dropped by autocannon at a run's end: ${verification.storedWithoutAcknowledgement}; statuses ${JSON.stringify(statusCounts)}`,
)
console.log(
  `processor: ${pending} pending ${Math.round(drainMs)} ms after the load; outcomes ${JSON.stringify(outcomes)}; sync requested: ${verification.syncRequested}`,
)
console.log(
  `load average: before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`,
)

if (!QUICK) {
  const dir = join(root, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'webhook-ack.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { node: process.version, cpus: os.cpus().length, loadBefore, loadAfter },
        config: {
          CONNECTIONS,
          WARMUP,
          DURATION,
          BURST,
          BURSTS,
          RATES,
          RATE_SECONDS,
          databasePoolSize: 10,
        },
        rows,
        steadyRates: rated,
        ratio,
        bursts: { webhook: webhookBursts, helloWorld: helloBursts },
        groupCommitAlone: writer,
        goal,
        verification,
      },
      null,
      2,
    )}\n`,
  )
}
if (!ok) {
  console.error('verification FAILED')
  process.exit(1)
}
process.exit(0)
