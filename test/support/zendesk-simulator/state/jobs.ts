/**
 * Background jobs for `PUT /api/v2/tickets/update_many`: queued on receipt, applied after a short
 * delay or at the next `GET /api/v2/job_statuses/{id}`, then `completed` with per-item results
 * (OAS `JobStatusObject`, `UpdateResourceResult`, `FailedResult`). `safe_update` + an
 * `updated_stamp` older than the ticket's `updated_at` fails that item with `UpdateConflict`.
 */
import type { FieldValue, JsonObject, Priority, TicketStatus, TicketUpdate } from '../types.js'
import { hexId } from '../util/ids.js'
import { parseIso, toUnix } from '../util/time.js'
import { TicketWriteError, type TicketBook } from './tickets.js'

export type JobResult =
  | { id: number; action: 'update'; status: 'Updated'; success: true }
  | { id: number; action: 'update'; success: false; error: string; details: string }

export interface WireJobStatus {
  id: string
  url: string
  job_type: string
  status: 'queued' | 'working' | 'completed' | 'failed'
  total: number
  progress: number
  message: string | null
  results: JobResult[] | null
}

interface JobRecord {
  wire: WireJobStatus
  items: JsonObject[]
  updaterId: number
}

const CONFLICT_DETAILS =
  'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.'

export class JobQueue {
  /** Delay before a queued job runs by itself. */
  delayMs = 10
  private readonly jobs = new Map<string, JobRecord>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private count = 0

  constructor(
    private readonly subdomain: string,
    private readonly apiBase: string,
    private readonly clock: () => number,
    private readonly tickets: TicketBook,
  ) {}

  enqueue(items: JsonObject[], updaterId: number): WireJobStatus {
    const id = hexId(`${this.subdomain}:job:${++this.count}`)
    const wire: WireJobStatus = {
      id,
      url: `${this.apiBase}/api/v2/job_statuses/${id}.json`,
      job_type: 'Bulk Update',
      status: 'queued',
      total: items.length,
      progress: 0,
      message: null,
      results: null,
    }
    this.jobs.set(id, { wire, items, updaterId })
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.run(id)
    }, this.delayMs)
    this.timers.add(timer)
    return structuredClone(wire)
  }

  /** The job's status, running it first if it is still queued. */
  get(id: string): WireJobStatus | undefined {
    this.run(id)
    const job = this.jobs.get(id)
    return job ? structuredClone(job.wire) : undefined
  }

  /** Applies a queued job now. */
  run(id: string): void {
    const job = this.jobs.get(id)
    if (!job || job.wire.status !== 'queued') return
    job.wire.status = 'working'
    const results = job.items.map((item) => this.apply(item, job.updaterId))
    job.wire.results = results
    job.wire.progress = results.length
    job.wire.status = 'completed'
    job.wire.message = `Completed at ${new Date(toUnix(this.clock()) * 1000)
      .toISOString()
      .replace('T', ' ')
      .replace('.000Z', ' +0000')}`
  }

  runAll(): void {
    for (const id of this.jobs.keys()) this.run(id)
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  private apply(item: JsonObject, updaterId: number): JobResult {
    const id = typeof item.id === 'number' ? item.id : Number(item.id)
    const failed = (error: string, details: string): JobResult => ({
      id,
      action: 'update',
      success: false,
      error,
      details,
    })
    try {
      const ticket = this.tickets.require(id)
      if ('safe_update' in item) {
        const stamp = parseIso(item.updated_stamp)
        if (stamp === undefined) return failed('InvalidValue', 'updated_stamp is required')
        if (toUnix(stamp) < toUnix(ticket.updatedAt))
          return failed('UpdateConflict', CONFLICT_DETAILS)
      }
      this.tickets.update(id, toUpdate(item, updaterId, this.clock()))
      return { id, action: 'update', status: 'Updated', success: true }
    } catch (error) {
      if (error instanceof TicketWriteError) return failed(error.code, error.details)
      throw error
    }
  }
}

/** The wire item of update_many as a ticket update made through the API. */
function toUpdate(item: JsonObject, updaterId: number, at: number): TicketUpdate {
  const update: TicketUpdate = { updaterId, at, viaChannel: 'api' }
  const strings = (key: string) => {
    const value = item[key]
    if (value === undefined) return undefined
    const list = typeof value === 'string' ? value.split(/[\s,]+/) : value
    if (!Array.isArray(list) || !list.every((t) => typeof t === 'string')) {
      throw new TicketWriteError('InvalidValue', `${key} must be a list of tags`)
    }
    return list.filter((t) => t !== '')
  }
  const tags = strings('tags')
  const additional = strings('additional_tags')
  const remove = strings('remove_tags')
  if (tags) update.tags = tags
  if (additional) update.additionalTags = additional
  if (remove) update.removeTags = remove
  if (typeof item.status === 'string') update.status = item.status as TicketStatus
  if (item.priority !== undefined) update.priority = item.priority as Priority | null
  if (Array.isArray(item.custom_fields)) {
    update.customFields = item.custom_fields.map((f: unknown) => {
      const field = f as { id?: unknown; value?: unknown }
      return { id: Number(field.id), value: (field.value ?? null) as FieldValue }
    })
  }
  const comment = item.comment as { body?: unknown; public?: unknown } | undefined
  if (comment && typeof comment.body === 'string') {
    update.comment = { authorId: updaterId, body: comment.body, public: comment.public !== false }
  }
  return update
}
