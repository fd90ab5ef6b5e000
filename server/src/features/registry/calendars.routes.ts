import Type from 'typebox'
import type { App } from '../../app.js'
import { principalOf } from '../../plugins/auth.js'
import {
  addCalendarVersion,
  correctCalendarVersion,
  createCalendar,
  deleteCalendar,
  getCalendar,
  importZendeskCalendar,
  listCalendars,
  renameCalendar,
} from './calendars.service.js'
import { actorOf, depsOf, ERRORS, expectedRevision, withEtag } from './registry.http.js'
import {
  CalendarSummarySchema,
  CalendarVersionBody,
  CalendarViewSchema,
  CorrectCalendarVersionBody,
  CreateCalendarBody,
  IdParams,
  IfMatchHeaders,
  RenameBody,
  VersionParams,
  ZendeskImportBody,
} from './registry.schemas.js'

const tags = ['calendars']

export function calendarRoutes(app: App): void {
  app.get(
    '/api/v1/calendars',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'List business calendars',
        response: {
          200: Type.Object({ calendars: Type.Array(CalendarSummarySchema) }),
          ...ERRORS,
        },
      },
    },
    async (req) => ({ calendars: await listCalendars(app.db, principalOf(req).tenantId) }),
  )

  app.post(
    '/api/v1/calendars',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create a business calendar',
        description:
          'The definition is a calendar of the scenario format (weekly hours or "24x7", holidays, optional IANA time zone — without one it is read in each account\'s zone). Its `id`, if given, must equal the calendar id. The first version applies since always.',
        body: CreateCalendarBody,
        response: { 201: CalendarViewSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const view = await createCalendar(depsOf(app, req), actorOf(app, req), req.body)
      return reply.status(201).send(withEtag(reply, view))
    },
  )

  app.post(
    '/api/v1/calendars/import-zendesk',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Import a Zendesk business-hours schedule as a calendar',
        description:
          "Send `schedule` (the `schedule` of Zendesk's GET /api/v2/business_hours/schedules/{id}) and `holidays` (of …/{id}/holidays). Zendesk zone names are mapped to IANA zones. Creates the calendar (id default `zendesk-<schedule id>`), or with `effectiveFrom` adds the schedule as a new version of an existing one.",
        body: ZendeskImportBody,
        response: {
          200: CalendarViewSchema,
          201: CalendarViewSchema,
          ...ERRORS,
        },
      },
    },
    async (req, reply) => {
      const { calendar, created } = await importZendeskCalendar(
        depsOf(app, req),
        actorOf(app, req),
        req.body,
      )
      return reply.status(created ? 201 : 200).send(withEtag(reply, calendar))
    },
  )

  app.get(
    '/api/v1/calendars/:id',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'A calendar with all its versions',
        params: IdParams,
        response: { 200: CalendarViewSchema, ...ERRORS },
      },
    },
    async (req, reply) =>
      withEtag(reply, await getCalendar(app.db, principalOf(req).tenantId, req.params.id)),
  )

  app.patch(
    '/api/v1/calendars/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Rename a calendar (its definition changes through versions)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: RenameBody,
        response: { 200: CalendarViewSchema, ...ERRORS },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await renameCalendar(depsOf(app, req), actorOf(app, req), req.params.id, {
          name: req.body.name,
          revision: expectedRevision(req, req.body.revision),
        }),
      ),
  )

  app.delete(
    '/api/v1/calendars/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete a calendar (409 while a tier profile or an account override names it)',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null(), ...ERRORS },
      },
    },
    async (req, reply) => {
      await deleteCalendar(
        depsOf(app, req),
        actorOf(app, req),
        req.params.id,
        expectedRevision(req),
      )
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/v1/calendars/:id/versions',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Add a calendar version from a date or instant',
        description:
          "`effectiveFrom` (a date = midnight in the zone reading it, or an instant) must be later than the previous version's in every zone. Every account is recomputed.",
        params: IdParams,
        headers: IfMatchHeaders,
        body: CalendarVersionBody,
        response: { 201: CalendarViewSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const view = await addCalendarVersion(depsOf(app, req), actorOf(app, req), req.params.id, {
        ...req.body,
        revision: expectedRevision(req, req.body.revision),
      })
      return reply.status(201).send(withEtag(reply, view))
    },
  )

  app.put(
    '/api/v1/calendars/:id/versions/:version',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Correct a calendar version in place (history is judged again)',
        description:
          "Replaces the version's definition and effectiveFrom (none on version 1; required on later ones). Every account is recomputed, past periods included.",
        params: VersionParams,
        headers: IfMatchHeaders,
        body: CorrectCalendarVersionBody,
        response: { 200: CalendarViewSchema, ...ERRORS },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await correctCalendarVersion(
          depsOf(app, req),
          actorOf(app, req),
          req.params.id,
          Number(req.params.version),
          { ...req.body, revision: expectedRevision(req, req.body.revision) },
        ),
      ),
  )
}
