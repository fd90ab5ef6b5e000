import type { App } from '../../app.js'
import { ErrorSchema } from '../../lib/http-schemas.js'
import { principalOf } from '../../plugins/auth.js'
import { IngestBodySchema, IngestResponseSchema } from './tickets.schemas.js'
import { ingestTicketEvents } from './tickets.service.js'

export function ticketRoutes(app: App): void {
  app.post(
    '/api/v1/tickets/events',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['tickets'],
        summary: 'Ingest tickets and their events (idempotent, any order)',
        description: [
          'The ingest path of the Zendesk sync. Each ticket is a Zendesk ticket id with its events (the scenario event shapes plus `key`, the event id at its source).',
          '- A re-delivered `key` is ignored (`duplicateEvents`); events may arrive in any order across batches and are replayed in time order.',
          '- A ticket maps to an account by `accountId` or by `organizationId` (the account mapping that organization); an unknown one stores the ticket without clocks and says so.',
          '- A malformed batch answers 400 with every problem and its path; nothing is stored.',
          "- The batch's tickets are replayed and their accounts' months recomputed in the same transaction: the response shows the clocks as committed.",
        ].join('\n'),
        body: IngestBodySchema,
        response: { 200: IngestResponseSchema, '4xx': ErrorSchema },
      },
    },
    async (req) =>
      ingestTicketEvents(app.db, {
        tenantId: principalOf(req).tenantId,
        now: app.clock(),
        tickets: req.body.tickets,
      }),
  )
}
