/**
 * Group commit for webhook deliveries. Each request hands its delivery to the writer and waits;
 * the writer collects the deliveries that arrive within `maxWaitMs` (or until `maxBatch` rows or
 * `maxBatchBytes` of bodies) and stores them with ONE statement:
 *
 *   insert … select … from jsonb_to_recordset($1) … on conflict do nothing returning …
 *
 * (autocommit: when it returns, the rows are committed). The returned keys say which deliveries
 * were new; the others were already stored (a replay, or a twin in the same batch). Every waiting
 * request is resolved only after the commit; if the statement fails, every request of the batch
 * is rejected (the route answers 503 and Zendesk retries) and, the statement being atomic,
 * nothing of the batch is stored.
 *
 * Up to `maxInFlight` batches are written at once (each on its own pool connection); more
 * deliveries wait for a free slot and go in the next batch. `close()` flushes what is pending and
 * waits for the batches in flight; after it, `store` rejects.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'

export interface Delivery {
  tenantId: string
  invocationId: string
  webhookId: string | null
  /** ISO-8601 instants. */
  signedAt: string
  receivedAt: string
  /** The body as JSON text (an object; `\u0000` already removed, jsonb refuses it). */
  bodyJson: string
}

export interface StoreResult {
  duplicate: boolean
}

export interface GroupWriterOptions {
  db: Kysely<Database>
  maxBatch?: number
  maxWaitMs?: number
  maxBatchBytes?: number
  maxInFlight?: number
  /** Called after each committed batch that stored at least one new delivery. */
  onStored?: (count: number) => void
  /** Told when a batch fails (its requests get 503), or when `onStored` throws (size 0). */
  onError?: (err: unknown, batchSize: number) => void
}

/** The delivery could not be stored (the batch's statement failed, or the writer is closed). */
export class StoreFailed extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreFailed'
  }
}

interface Waiting {
  delivery: Delivery
  bytes: number
  resolve: (r: StoreResult) => void
  reject: (e: unknown) => void
}

export interface GroupWriter {
  store(delivery: Delivery): Promise<StoreResult>
  /** Stores what is pending now (tests; close). */
  flush(): Promise<void>
  close(): Promise<void>
  /** Batches written since start, and the rows they carried (for operators and benchmarks). */
  stats(): { batches: number; rows: number; failedBatches: number }
}

const json = (s: string | null) => (s === null ? 'null' : JSON.stringify(s))

/** The batch as one JSON array (the bodies are embedded as they are, already JSON text). */
function batchJson(batch: readonly Waiting[]): string {
  let out = '['
  for (let i = 0; i < batch.length; i++) {
    const d = batch[i]!.delivery
    if (i > 0) out += ','
    out += `{"t":${json(d.tenantId)},"i":${json(d.invocationId)},"w":${json(d.webhookId)},"s":${json(d.signedAt)},"r":${json(d.receivedAt)},"b":${d.bodyJson}}`
  }
  return `${out}]`
}

export function createGroupWriter(opts: GroupWriterOptions): GroupWriter {
  const maxBatch = opts.maxBatch ?? 200
  const maxWaitMs = opts.maxWaitMs ?? 2
  const maxBatchBytes = opts.maxBatchBytes ?? 4 * 1024 * 1024
  const maxInFlight = opts.maxInFlight ?? 4
  let pending: Waiting[] = []
  let pendingBytes = 0
  let timer: NodeJS.Timeout | undefined
  const inFlight = new Set<Promise<void>>()
  let closed = false
  const counters = { batches: 0, rows: 0, failedBatches: 0 }

  const write = async (batch: Waiting[]): Promise<void> => {
    // Twins within the batch (the same delivery twice before either was stored): one row, the
    // first request decides "new", the others are duplicates.
    const first = new Map<string, Waiting>()
    const unique: Waiting[] = []
    for (const w of batch) {
      const k = `${w.delivery.tenantId}\u0000${w.delivery.invocationId}`
      if (!first.has(k)) {
        first.set(k, w)
        unique.push(w)
      }
    }
    let inserted: Set<string>
    try {
      const r = await sql<{ tenant_id: string; invocation_id: string }>`
        insert into zendesk_webhook_deliveries
          (tenant_id, invocation_id, webhook_id, signed_at, received_at, body)
        select d.t, d.i, d.w, d.s, d.r, d.b
        from jsonb_to_recordset(${batchJson(unique)}::jsonb)
          as d(t uuid, i text, w text, s timestamptz, r timestamptz, b jsonb)
        on conflict (tenant_id, invocation_id) do nothing
        returning tenant_id, invocation_id`.execute(opts.db)
      inserted = new Set(r.rows.map((x) => `${x.tenant_id}\u0000${x.invocation_id}`))
    } catch (err) {
      counters.failedBatches++
      opts.onError?.(err, batch.length)
      const failure = new StoreFailed('the deliveries could not be stored', { cause: err })
      for (const w of batch) w.reject(failure)
      return
    }
    counters.batches++
    counters.rows += inserted.size
    for (const w of batch) {
      const k = `${w.delivery.tenantId}\u0000${w.delivery.invocationId}`
      w.resolve({ duplicate: !(first.get(k) === w && inserted.has(k)) })
    }
    if (inserted.size > 0)
      try {
        opts.onStored?.(inserted.size)
      } catch (err) {
        opts.onError?.(err, 0)
      }
  }

  /** Starts as many batches as there are free slots and pending deliveries. */
  const drain = () => {
    if (timer) {
      clearTimeout(timer)
      timer = undefined
    }
    while (pending.length > 0 && inFlight.size < maxInFlight) {
      let n = 0
      let bytes = 0
      while (
        n < pending.length &&
        n < maxBatch &&
        (n === 0 || bytes + pending[n]!.bytes <= maxBatchBytes)
      ) {
        bytes += pending[n]!.bytes
        n++
      }
      const batch = pending.slice(0, n)
      pending = pending.slice(n)
      pendingBytes -= bytes
      const p: Promise<void> = write(batch).finally(() => {
        inFlight.delete(p)
        // Deliveries that waited for a slot go now: they have waited long enough.
        if (pending.length > 0) drain()
      })
      inFlight.add(p)
    }
  }

  const flush = async () => {
    drain()
    while (inFlight.size > 0 || pending.length > 0) {
      await Promise.allSettled([...inFlight])
      drain()
    }
  }

  return {
    store(delivery) {
      if (closed) return Promise.reject(new StoreFailed('the service is shutting down'))
      return new Promise<StoreResult>((resolve, reject) => {
        const bytes = delivery.bodyJson.length + 200
        pending.push({ delivery, bytes, resolve, reject })
        pendingBytes += bytes
        if (pending.length >= maxBatch || pendingBytes >= maxBatchBytes) drain()
        else timer ??= setTimeout(drain, maxWaitMs)
      })
    },
    flush,
    async close() {
      closed = true
      await flush()
    },
    stats: () => ({ ...counters }),
  }
}
