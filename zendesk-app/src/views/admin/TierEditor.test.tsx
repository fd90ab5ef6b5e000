import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { jsonResponse } from '../../zaf/fake-client.js'
import type { ZafRequestOptions } from '../../zaf/types.js'
import { renderInApp, type Route } from '../../test-support/render.js'
import { AdminScreens } from './AdminScreens.js'
import { todayIn } from './effective-date.js'
import { errorResponse, registryRoutes, tierView, unlock } from './test-fixtures.js'
import type { TierView } from '@sla-tracker/shared'

async function openTierEditor(routes: Record<string, Route> = {}) {
  const user = userEvent.setup()
  const rendered = await renderInApp(<AdminScreens />, {
    location: 'nav_bar',
    role: 'admin',
    routes: registryRoutes(routes),
  })
  await unlock(user)
  await screen.findByTestId('field-name')
  return { user, ...rendered }
}

const minutesField = (path: string) => screen.getByTestId(`field-${path}`)
const minutesInput = (path: string) => within(minutesField(path)).getByRole('textbox')

describe('the tier-profile editor', () => {
  it('shows the latest profile as a form, with what it keeps as is', async () => {
    await openTierEditor()
    expect(screen.getByLabelText('Profile name')).toHaveValue('Gold support')
    expect(screen.getByLabelText('Business calendar')).toHaveValue('eu-business')
    expect(minutesInput('targets.firstResponse.high.minutes')).toHaveValue('240')
    expect(screen.getByTestId('tier-editor')).toHaveTextContent(
      'uptime commitments and credit schedules are kept',
    )
    expect(screen.queryByTestId('validation-summary')).toBeNull()
    expect(screen.getByTestId('save-tier')).toBeEnabled()
  })

  it('shows an invalid value under its field and disables Save; fixed, it saves a new version with If-Match', async () => {
    const saved: ZafRequestOptions[] = []
    const after: TierView = tierView()
    after.revision = 4
    const { user } = await openTierEditor({
      'POST /api/v1/tiers/gold/versions': (req) => {
        saved.push(req)
        const body = JSON.parse(req.data!) as {
          effectiveFrom: string
          profile: TierView['versions'][0]['profile']
        }
        after.versions.push({
          version: 2,
          effectiveFrom: body.effectiveFrom,
          profile: body.profile,
          createdAt: '',
        })
        return jsonResponse(201, after)
      },
    })
    const input = minutesInput('targets.firstResponse.high.minutes')
    await user.clear(input)
    await user.type(input, '-5')
    const field = minutesField('targets.firstResponse.high.minutes')
    expect(within(field).getByRole('alert')).toHaveTextContent(/must be/)
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(input.getAttribute('aria-describedby')).toContain(within(field).getByRole('alert').id)
    expect(screen.getByTestId('save-tier')).toBeDisabled()
    const summary = screen.getByTestId('validation-summary')
    expect(summary).toHaveTextContent('1 problem to fix before saving')
    await user.click(within(summary).getByRole('button', { name: /First response, high: minutes/ }))
    expect(input).toHaveFocus()

    await user.clear(input)
    await user.type(input, '120')
    expect(within(field).queryByRole('alert')).toBeNull()
    expect(screen.queryByTestId('validation-summary')).toBeNull()
    await user.click(screen.getByTestId('save-tier'))

    expect(await screen.findByTestId('save-success')).toHaveTextContent(
      `Saved version 2, effective ${todayIn('UTC')}.`,
    )
    expect(saved).toHaveLength(1)
    expect(saved[0]!.headers?.['If-Match']).toBe('"3"')
    const body = JSON.parse(saved[0]!.data!) as {
      effectiveFrom: string
      profile: TierView['versions'][0]['profile']
    }
    expect(body.effectiveFrom).toBe(todayIn('UTC'))
    expect(body.profile.targets.firstResponse!.high).toEqual({ minutes: 120, basis: 'business' })
    expect(body.profile.credits).toEqual(tierView().versions[0]!.profile.credits)
  })

  it('corrects the latest version in place with PUT when chosen', async () => {
    const saved: ZafRequestOptions[] = []
    const { user } = await openTierEditor({
      'PUT /api/v1/tiers/gold/versions/1': (req) => {
        saved.push(req)
        return jsonResponse(200, { ...tierView(), revision: 4 })
      },
    })
    await user.click(screen.getByLabelText('Correct version 1 in place'))
    expect(screen.getByLabelText('Effective from')).toHaveValue('')
    await user.click(screen.getByTestId('save-tier'))
    expect(await screen.findByTestId('save-success')).toHaveTextContent('Saved version 1')
    expect(JSON.parse(saved[0]!.data!)).not.toHaveProperty('effectiveFrom')
  })

  it("puts the service's issues under the fields they name, and the rest in the summary", async () => {
    const { user } = await openTierEditor({
      'POST /api/v1/tiers/gold/versions': () =>
        errorResponse(422, 'the change would break the contract of account "acme"; see details', [
          {
            path: 'profile.targets.resolution.urgent.minutes',
            rule: 'range',
            message: 'is longer than the contract allows',
          },
          {
            path: 'accounts[id=acme].contracts[0].overrides',
            rule: 'reference',
            message: 'names a removed priority',
          },
        ]),
    })
    await user.click(screen.getByTestId('save-tier'))
    const field = await screen.findByTestId('field-targets.resolution.urgent.minutes')
    await waitFor(() =>
      expect(within(field).getByRole('alert')).toHaveTextContent(
        'is longer than the contract allows',
      ),
    )
    const summary = screen.getByTestId('validation-summary')
    expect(summary).toHaveTextContent('nothing was saved')
    expect(summary).toHaveTextContent(
      'accounts[id=acme].contracts[0].overrides: names a removed priority',
    )
    expect(screen.getByTestId('save-tier')).toBeDisabled()
    await user.type(minutesInput('targets.resolution.urgent.minutes'), '0')
    expect(screen.queryByTestId('validation-summary')).toBeNull()
  })

  it('explains a conflict and reloads the latest version', async () => {
    let reads = 0
    const { user } = await openTierEditor({
      '/api/v1/tiers/gold': () => {
        reads++
        return jsonResponse(200, reads === 1 ? tierView() : { ...tierView(), revision: 9 })
      },
      'POST /api/v1/tiers/gold/versions': () =>
        errorResponse(409, 'tier "gold" changed: revision is 9, not 3'),
    })
    await user.click(screen.getByTestId('save-tier'))
    const conflict = await screen.findByTestId('save-conflict')
    expect(conflict).toHaveTextContent('changed since you opened it')
    await user.click(within(conflict).getByRole('button', { name: 'Reload' }))
    await waitFor(() => expect(reads).toBe(2))
    expect(await screen.findByTestId('save-tier')).toBeEnabled()
    expect(screen.queryByTestId('save-conflict')).toBeNull()
  })

  it('has an empty state without tiers and an error state when the list fails', async () => {
    const user = userEvent.setup()
    await renderInApp(<AdminScreens />, {
      location: 'nav_bar',
      role: 'admin',
      routes: registryRoutes({ '/api/v1/tiers': { tiers: [] } }),
    })
    await unlock(user)
    expect(await screen.findByText('No tiers yet')).toBeInTheDocument()
  })
})
