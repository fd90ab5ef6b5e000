/**
 * Wire forms of tickets (OAS `TicketObject`: every custom field listed, null when unset) and of
 * audits as the ticket-events export serves them (comments only with `include=comment_events`,
 * otherwise `comment_present`/`comment_public` flags).
 */
import type { WireChildEvent, WireTicket, WireTicketEvent } from '../types.js'
import { toIso, toUnix } from '../util/time.js'
import type { FieldCatalog } from './fields.js'
import type { AuditRecord, TicketRecord } from './tickets.js'

export function wireTicket(
  apiBase: string,
  fields: FieldCatalog,
  ticket: TicketRecord,
): WireTicket {
  const custom = fields.customTicketFields().map((field) => ({
    id: field.id,
    value: structuredClone(ticket.customFields.get(field.id) ?? null),
  }))
  return {
    url: `${apiBase}/api/v2/tickets/${ticket.id}.json`,
    id: ticket.id,
    external_id: null,
    via: structuredClone(ticket.via),
    created_at: toIso(ticket.createdAt),
    updated_at: toIso(ticket.updatedAt),
    generated_timestamp: toUnix(ticket.generatedAt),
    type: null,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    recipient: null,
    requester_id: ticket.requesterId,
    submitter_id: ticket.submitterId,
    assignee_id: ticket.assigneeId,
    organization_id: ticket.organizationId,
    group_id: null,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: [...ticket.tags],
    custom_fields: custom,
    fields: structuredClone(custom),
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    followup_ids: [],
    ticket_form_id: null,
    brand_id: null,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  }
}

export function wireAudit(audit: AuditRecord, includeComments: boolean): WireTicketEvent {
  const v = audit.via
  const comment = audit.comment
  const changes = audit.changes.map((c) => ({
    id: c.id,
    via: structuredClone(v),
    via_reference_id: null,
    event_type: c.kind,
    field_name: c.field,
    value: structuredClone(c.value),
    previous_value: structuredClone(c.previous),
  }))
  const event: WireTicketEvent = {
    id: audit.id,
    ticket_id: audit.ticketId,
    timestamp: toUnix(audit.at),
    created_at: toIso(audit.at),
    updater_id: audit.updaterId,
    via: structuredClone(v),
    event_type: 'Audit',
    child_events: changes,
  }
  if (includeComments) {
    if (comment) {
      const child: WireChildEvent = {
        id: comment.id,
        via: structuredClone(v),
        via_reference_id: null,
        type: 'Comment',
        event_type: 'Comment',
        author_id: comment.authorId,
        body: comment.body,
        html_body: htmlBody(comment.body),
        public: comment.public,
        attachments: [],
        audit_id: audit.id,
        created_at: toIso(audit.at),
      }
      event.child_events = [child, ...changes]
    }
    return event
  }
  const flags = { comment_present: comment !== null, comment_public: comment?.public ?? false }
  event.child_events = changes.map((c) => ({ ...c, ...flags }))
  return { ...event, ...flags }
}

function htmlBody(body: string): string {
  const escaped = body
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\n', '<br>')
  return `<div class="zd-comment" dir="auto"><p dir="auto">${escaped}</p></div>`
}
