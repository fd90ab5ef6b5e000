/** Registry data and service routes for the admin screens' tests. */
import { screen } from '@testing-library/react'
import type userEvent from '@testing-library/user-event'
import { jsonResponse } from '../../zaf/fake-client.js'
import type { ZafRequestOptions, ZafResponse } from '../../zaf/types.js'
import type { Route } from '../../test-support/render.js'
import type { CalendarView, TierView } from '@sla-tracker/shared'

export const GOOD_TOKEN = 'slat_good_admin_token'
export const READ_TOKEN = 'slat_read_only_token'
const STAMP = '2026-01-05T10:00:00.000Z'

export function tierView(): TierView {
  return {
    id: 'gold',
    name: 'Gold',
    revision: 3,
    createdAt: STAMP,
    updatedAt: STAMP,
    versions: [
      {
        version: 1,
        effectiveFrom: null,
        createdAt: STAMP,
        profile: {
          name: 'Gold support',
          calendar: 'eu-business',
          priorities: [{ id: 'urgent', label: 'Urgent' }, { id: 'high' }, { id: 'normal' }],
          defaultPriority: 'normal',
          targets: {
            firstResponse: {
              urgent: { minutes: 60, basis: 'calendar' },
              high: { minutes: 240, basis: 'business' },
            },
            resolution: {
              urgent: {
                minutes: 480,
                basis: 'business',
                afterHours: { minutes: 960, basis: 'calendar' },
              },
            },
          },
          warningThresholds: [50, 75, 100],
          uptime: { commitments: [{ id: 'api', components: ['api'], target: '99.9' }] },
          credits: {
            schedules: [
              {
                kind: 'uptime-bands',
                id: 'uptime',
                commitment: 'api',
                bands: [{ below: '99.9', credit: { percent: '10' } }],
              },
            ],
          },
        },
      },
    ],
  }
}

export function calendarView(): CalendarView {
  return {
    id: 'eu-business',
    name: 'EU business hours',
    revision: 5,
    createdAt: STAMP,
    updatedAt: STAMP,
    versions: [
      {
        version: 1,
        effectiveFrom: null,
        createdAt: STAMP,
        definition: {
          name: 'EU business hours',
          timeZone: 'Europe/Berlin',
          hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
          holidays: [{ name: 'New Year', date: '2026-01-01', repeat: 'yearly' }],
        },
      },
    ],
  }
}

export const summaries = {
  tiers: [
    {
      id: 'gold',
      name: 'Gold',
      revision: 3,
      versionCount: 1,
      accountCount: 2,
      createdAt: STAMP,
      updatedAt: STAMP,
    },
  ],
  calendars: [
    {
      id: 'eu-business',
      name: 'EU business hours',
      revision: 5,
      versionCount: 1,
      createdAt: STAMP,
      updatedAt: STAMP,
    },
  ],
}

/** The admin-token check: the good token passes, the read token gets 403, others 401. */
export function tokensRoute(req: ZafRequestOptions): ZafResponse {
  const auth = req.headers?.Authorization
  if (auth === `Bearer ${GOOD_TOKEN}`) return jsonResponse(200, { tokens: [] })
  if (auth === `Bearer ${READ_TOKEN}`)
    return jsonResponse(403, { error: { code: 'FORBIDDEN', message: 'needs the admin scope' } })
  return jsonResponse(401, { error: { code: 'UNAUTHORIZED', message: 'unknown token' } })
}

export function registryRoutes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    '/api/v1/tokens': tokensRoute,
    '/api/v1/tiers': { tiers: summaries.tiers },
    '/api/v1/tiers/gold': tierView(),
    '/api/v1/calendars': { calendars: summaries.calendars },
    '/api/v1/calendars/eu-business': calendarView(),
    ...extra,
  }
}

export function errorResponse(
  status: number,
  message: string,
  issues: { path: string; rule: string; message: string }[] = [],
): ZafResponse {
  return jsonResponse(status, {
    error: {
      code: status === 409 ? 'CONFLICT' : 'INVALID_INPUT',
      message,
      ...(issues.length ? { details: { issues } } : {}),
    },
  })
}

/** Types the admin token and unlocks. */
export async function unlock(user: ReturnType<typeof userEvent.setup>, token = GOOD_TOKEN) {
  await user.type(screen.getByLabelText('Admin API token'), token)
  await user.click(screen.getByRole('button', { name: 'Unlock' }))
}
