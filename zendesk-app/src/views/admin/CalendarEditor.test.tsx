import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { jsonResponse } from '../../zaf/fake-client.js'
import type { ZafRequestOptions } from '../../zaf/types.js'
import { renderInApp, type Route } from '../../test-support/render.js'
import { AdminScreens } from './AdminScreens.js'
import { calendarView, errorResponse, GOOD_TOKEN, registryRoutes, unlock } from './test-fixtures.js'

async function openCalendarEditor(routes: Record<string, Route> = {}) {
  const user = userEvent.setup()
  await renderInApp(<AdminScreens />, {
    location: 'nav_bar',
    role: 'admin',
    routes: registryRoutes(routes),
  })
  await unlock(user)
  await user.click(await screen.findByRole('tab', { name: 'Calendars' }))
  await within(screen.getByTestId('calendar-editor')).findByTestId('field-timeZone')
  return user
}

const editor = () => within(screen.getByTestId('calendar-editor'))
const inputIn = (path: string) =>
  editor().getByTestId(`field-${path}`).querySelector('input') as HTMLInputElement

describe('the calendar editor', () => {
  it('shows the zone, the hours per weekday and the holidays', async () => {
    await openCalendarEditor()
    expect(inputIn('timeZone')).toHaveValue('Europe/Berlin')
    expect(inputIn('hours.mon[0].start')).toHaveValue('09:00')
    expect(editor().getByLabelText('Saturday: closed')).not.toBeChecked()
    expect(inputIn('holidays[0].name')).toHaveValue('New Year')
  })

  it('shows a bad time zone under the field and disables Save; fixed, it saves with If-Match', async () => {
    const saved: ZafRequestOptions[] = []
    const user = await openCalendarEditor({
      'POST /api/v1/calendars/eu-business/versions': (req) => {
        saved.push(req)
        const body = JSON.parse(req.data!) as { effectiveFrom: string }
        const view = calendarView()
        view.revision = 6
        view.versions.push({ ...view.versions[0]!, version: 2, effectiveFrom: body.effectiveFrom })
        return jsonResponse(201, view)
      },
    })
    const zone = inputIn('timeZone')
    await user.clear(zone)
    await user.type(zone, 'Mars/Olympus')
    const field = editor().getByTestId('field-timeZone')
    expect(within(field).getByRole('alert')).toHaveTextContent('is not an IANA time zone')
    expect(zone).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByTestId('save-calendar')).toBeDisabled()
    expect(screen.getByTestId('validation-summary')).toHaveTextContent('Time zone:')

    await user.clear(zone)
    await user.type(zone, 'Europe/Paris')
    await user.click(editor().getByLabelText('Saturday: closed'))
    await user.click(editor().getByRole('button', { name: 'Add holiday' }))
    await user.type(inputIn('holidays[1].date'), '2026-12-25')
    await user.type(inputIn('holidays[1].name'), 'Christmas')
    expect(screen.queryByTestId('validation-summary')).toBeNull()
    await user.click(screen.getByTestId('save-calendar'))

    expect(await screen.findByTestId('save-success')).toHaveTextContent('Saved version 2')
    expect(saved[0]!.headers?.['If-Match']).toBe('"5"')
    const body = JSON.parse(saved[0]!.data!) as { definition: Record<string, unknown> }
    expect(body.definition).toEqual({
      name: 'EU business hours',
      timeZone: 'Europe/Paris',
      hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '09:00', end: '17:00' }],
      holidays: [
        { name: 'New Year', date: '2026-01-01', repeat: 'yearly' },
        { name: 'Christmas', date: '2026-12-25' },
      ],
    })
  })

  it('shows a bad opening time under that weekday', async () => {
    const user = await openCalendarEditor()
    const end = inputIn('hours.wed[0].end')
    await user.clear(end)
    await user.type(end, '25:00')
    expect(
      within(editor().getByTestId('field-hours.wed[0].end')).getByRole('alert'),
    ).toHaveTextContent('HH:MM')
    expect(within(editor().getByTestId('field-hours.mon[0].end')).queryByRole('alert')).toBeNull()
    expect(screen.getByTestId('save-calendar')).toBeDisabled()
  })

  it("maps the service's definition issues to the fields", async () => {
    const user = await openCalendarEditor({
      'POST /api/v1/calendars/eu-business/versions': () =>
        errorResponse(400, '1 problem', [
          { path: 'definition.hours[0].start', rule: 'x', message: 'opens too early' },
        ]),
    })
    await user.click(screen.getByTestId('save-calendar'))
    const monday = await editor().findByTestId('field-hours.mon[0].start')
    expect(await within(monday).findByRole('alert')).toHaveTextContent('opens too early')
    expect(
      within(editor().getByTestId('field-hours.fri[0].start')).getByRole('alert'),
    ).toHaveTextContent('opens too early')
  })
})

describe('the calendar editor in German', () => {
  it('shows the engine’s problems in German, inline and in the summary', async () => {
    const user = userEvent.setup()
    await renderInApp(<AdminScreens />, {
      location: 'nav_bar',
      role: 'admin',
      locale: 'de-DE',
      routes: registryRoutes(),
    })
    await user.type(screen.getByLabelText('Admin-API-Token'), GOOD_TOKEN)
    await user.click(screen.getByRole('button', { name: 'Freischalten' }))
    await user.click(await screen.findByRole('tab', { name: 'Kalender' }))
    await editor().findByTestId('field-timeZone')
    const zone = inputIn('timeZone')
    await user.clear(zone)
    await user.type(zone, 'Mars/Olympus')
    const field = editor().getByTestId('field-timeZone')
    expect(within(field).getByRole('alert')).toHaveTextContent(
      '"Mars/Olympus" ist keine IANA-Zeitzone',
    )
    expect(screen.getByTestId('validation-summary')).toHaveTextContent('ist keine IANA-Zeitzone')
    expect(screen.getByTestId('validation-summary')).not.toHaveTextContent('is not an IANA')
  })
})
