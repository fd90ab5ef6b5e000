/**
 * Tickets and their audits. Every create/update is one audit (a ticket event) whose child events
 * are `Create`/`Change` field events and/or a `Comment`; it bumps `updated_at` and
 * `generated_timestamp`. Wire forms follow OAS `TicketObject` and the ticket-events docs text.
 */
import type {
  CommentInput,
  FieldValue,
  TicketInput,
  TicketStatus,
  TicketUpdate,
  Priority,
  WireTicket,
  WireTicketEvent,
  WireVia,
} from '../types.js'
import { ID_BASE, Sequence } from '../util/ids.js'
import { toUnix } from '../util/time.js'
import type { Directory } from './directory.js'
import { wireAudit, wireTicket } from './ticket-wire.js'
import { OPTION_FIELD_TYPES, type FieldCatalog } from './fields.js'

export interface TicketRecord {
  id: number
  requesterId: number
  submitterId: number
  assigneeId: number | null
  organizationId: number | null
  subject: string
  description: string
  priority: Priority | null
  status: TicketStatus | 'deleted'
  tags: string[]
  customFields: Map<number, FieldValue>
  createdAt: number
  updatedAt: number
  generatedAt: number
  via: WireVia
}

interface ChangeRecord {
  id: number
  kind: 'Create' | 'Change'
  field: string
  value: unknown
  previous: unknown
}

interface CommentRecord {
  id: number
  authorId: number
  public: boolean
  body: string
}

export interface AuditRecord {
  id: number
  ticketId: number
  at: number
  updaterId: number
  via: WireVia
  changes: ChangeRecord[]
  comment: CommentRecord | null
}

/** Why a write was refused (update_many reports it per item). */
export class TicketWriteError extends Error {
  constructor(
    readonly code: string,
    readonly details: string,
  ) {
    super(`${code}: ${details}`)
  }
}

export interface TicketBookDeps {
  apiBase: string
  clock: () => number
  directory: Directory
  fields: FieldCatalog
  apiUserId: () => number
  /** Called after every audit (webhooks). */
  onAudit: (ticket: TicketRecord, audit: AuditRecord) => void
}

type PendingChange = Omit<ChangeRecord, 'id'>

export function via(channel: string): WireVia {
  return { channel, source: { from: {}, to: {}, rel: null } }
}

export class TicketBook {
  readonly records = new Map<number, TicketRecord>()
  readonly audits: AuditRecord[] = []
  private readonly ticketIds = new Sequence(ID_BASE.ticket)
  private readonly eventIds = new Sequence(ID_BASE.event)

  constructor(private readonly deps: TicketBookDeps) {}

  create(input: TicketInput): WireTicket {
    if (input.id !== undefined && this.records.has(input.id)) {
      throw new Error(`ticket ${input.id} exists`)
    }
    const requester = this.deps.directory.requireUser(input.requesterId)
    const submitterId = input.submitterId ?? requester.id
    this.deps.directory.requireUser(submitterId)
    const organizationId =
      input.organizationId === undefined ? requester.organizationId : input.organizationId
    if (organizationId !== null) this.deps.directory.requireOrganization(organizationId)
    const at = input.at ?? this.deps.clock()
    const ticket: TicketRecord = {
      id: this.ticketIds.take(input.id),
      requesterId: requester.id,
      submitterId,
      assigneeId: null,
      organizationId,
      subject: input.subject,
      description: input.description ?? input.subject,
      priority: input.priority ?? null,
      status: input.status ?? 'new',
      tags: unique(input.tags ?? []),
      customFields: new Map(),
      createdAt: at,
      updatedAt: at,
      generatedAt: at,
      via: via(input.viaChannel ?? 'web'),
    }
    this.records.set(ticket.id, ticket)
    const created: PendingChange[] = [
      { kind: 'Create', field: 'subject', value: ticket.subject, previous: null },
      { kind: 'Create', field: 'requester_id', value: ticket.requesterId, previous: null },
      { kind: 'Create', field: 'status', value: ticket.status, previous: null },
    ]
    if (ticket.priority !== null) {
      created.push({ kind: 'Create', field: 'priority', value: ticket.priority, previous: null })
    }
    if (organizationId !== null) {
      created.push({
        kind: 'Create',
        field: 'organization_id',
        value: organizationId,
        previous: null,
      })
    }
    if (ticket.tags.length > 0) {
      created.push({ kind: 'Create', field: 'tags', value: [...ticket.tags], previous: null })
    }
    const comment = { authorId: submitterId, public: true, body: ticket.description }
    this.record(ticket, at, submitterId, ticket.via, created, comment)
    return this.wire(ticket)
  }

  comment(ticketId: number, input: CommentInput): WireTicket {
    const update: TicketUpdate = {
      comment: { authorId: input.authorId, public: input.public, body: input.body ?? 'Comment' },
      updaterId: input.authorId,
    }
    if (input.status !== undefined) update.status = input.status
    if (input.at !== undefined) update.at = input.at
    return this.update(ticketId, update).ticket
  }

  /** Applies an update as one audit; nothing is recorded when nothing changes. */
  update(ticketId: number, update: TicketUpdate): { ticket: WireTicket; changed: boolean } {
    const ticket = this.require(ticketId)
    if (ticket.status === 'closed' || ticket.status === 'deleted') {
      throw new TicketWriteError('RecordInvalid', `Status: ${ticket.status} prevents ticket update`)
    }
    const changes = this.diff(ticket, update)
    const comment = update.comment
      ? {
          authorId: update.comment.authorId ?? update.updaterId ?? this.deps.apiUserId(),
          public: update.comment.public,
          body: update.comment.body,
        }
      : null
    if (changes.length === 0 && comment === null)
      return { ticket: this.wire(ticket), changed: false }
    const at = update.at ?? this.deps.clock()
    const updaterId = update.updaterId ?? comment?.authorId ?? this.deps.apiUserId()
    this.apply(ticket, changes)
    this.record(ticket, at, updaterId, via(update.viaChannel ?? 'web'), changes, comment)
    return { ticket: this.wire(ticket), changed: true }
  }

  /** Deletion: the export reports `status: "deleted"`; no audit. */
  delete(ticketId: number, at?: number): void {
    const ticket = this.require(ticketId)
    const when = at ?? this.deps.clock()
    ticket.status = 'deleted'
    ticket.updatedAt = when
    ticket.generatedAt = when
  }

  /** A system update: bumps only `generated_timestamp` (so `updated_at` < `start_time` can occur). */
  touch(ticketId: number, at?: number): void {
    this.require(ticketId).generatedAt = at ?? this.deps.clock()
  }

  require(ticketId: number): TicketRecord {
    const ticket = this.records.get(ticketId)
    if (!ticket) throw new TicketWriteError('RecordNotFound', 'Not found')
    return ticket
  }

  /** Tickets ordered by (generated_timestamp, id): the order of the cursor export. */
  byGenerated(): TicketRecord[] {
    return [...this.records.values()].sort(
      (a, b) => toUnix(a.generatedAt) - toUnix(b.generatedAt) || a.id - b.id,
    )
  }

  /** Audits ordered by (timestamp, id): the order of the ticket-events export. */
  auditsByTime(): AuditRecord[] {
    return [...this.audits].sort((a, b) => toUnix(a.at) - toUnix(b.at) || a.id - b.id)
  }

  wire(ticket: TicketRecord): WireTicket {
    return wireTicket(this.deps.apiBase, this.deps.fields, ticket)
  }

  wireEvent(audit: AuditRecord, includeComments: boolean): WireTicketEvent {
    return wireAudit(audit, includeComments)
  }

  private diff(ticket: TicketRecord, update: TicketUpdate): PendingChange[] {
    const changes: PendingChange[] = []
    const change = (field: string, value: unknown, previous: unknown) => {
      if (JSON.stringify(value) !== JSON.stringify(previous)) {
        changes.push({ kind: 'Change', field, value, previous })
      }
    }
    if (update.status !== undefined) change('status', update.status, ticket.status)
    if (update.priority !== undefined) change('priority', update.priority, ticket.priority)
    if (update.assigneeId !== undefined) change('assignee_id', update.assigneeId, ticket.assigneeId)
    if (update.organizationId !== undefined)
      change('organization_id', update.organizationId, ticket.organizationId)
    let tags = update.tags !== undefined ? unique(update.tags) : [...ticket.tags]
    const add = (tag: string) => {
      if (!tags.includes(tag)) tags.push(tag)
    }
    const remove = (tag: string) => {
      tags = tags.filter((t) => t !== tag)
    }
    for (const { id, value } of update.customFields ?? []) {
      const field = this.deps.fields.ticketField(id)
      if (!field || !field.removable) {
        throw new TicketWriteError('InvalidValue', `Unknown ticket field ${id}`)
      }
      const previous = ticket.customFields.get(id) ?? null
      change(String(id), value, previous)
      if (OPTION_FIELD_TYPES.has(field.type)) {
        for (const tag of asTags(previous)) remove(tag)
        for (const tag of asTags(value)) add(tag)
      } else if (field.type === 'checkbox' && field.tag) {
        if (value === true) add(field.tag)
        else remove(field.tag)
      }
    }
    for (const tag of update.additionalTags ?? []) add(tag)
    for (const tag of update.removeTags ?? []) remove(tag)
    change('tags', tags, ticket.tags)
    return changes
  }

  private apply(ticket: TicketRecord, changes: PendingChange[]): void {
    for (const c of changes) {
      switch (c.field) {
        case 'status':
          ticket.status = c.value as TicketStatus
          break
        case 'priority':
          ticket.priority = c.value as Priority | null
          break
        case 'assignee_id':
          ticket.assigneeId = c.value as number | null
          break
        case 'organization_id':
          ticket.organizationId = c.value as number | null
          break
        case 'tags':
          ticket.tags = [...(c.value as string[])]
          break
        default:
          ticket.customFields.set(Number(c.field), structuredClone(c.value) as FieldValue)
      }
    }
  }

  private record(
    ticket: TicketRecord,
    at: number,
    updaterId: number,
    v: WireVia,
    changes: PendingChange[],
    comment: Omit<CommentRecord, 'id'> | null,
  ): void {
    const id = this.eventIds.take()
    const audit: AuditRecord = {
      id,
      ticketId: ticket.id,
      at,
      updaterId,
      via: v,
      comment: comment ? { id: this.eventIds.take(), ...comment } : null,
      changes: changes.map((c) => ({ id: this.eventIds.take(), ...c })),
    }
    this.audits.push(audit)
    ticket.updatedAt = at
    ticket.generatedAt = at
    this.deps.onAudit(ticket, audit)
  }
}

function unique(tags: readonly string[]): string[] {
  return [...new Set(tags)]
}

function asTags(value: unknown): string[] {
  if (typeof value === 'string' && value !== '') return [value]
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return []
}
