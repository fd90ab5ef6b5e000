import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderInApp } from '../../test-support/render.js'
import { AdminScreens } from './AdminScreens.js'
import { GOOD_TOKEN, READ_TOKEN, registryRoutes, unlock } from './test-fixtures.js'

const render = () =>
  renderInApp(<AdminScreens />, { location: 'nav_bar', role: 'admin', routes: registryRoutes() })

describe('unlocking the admin screens', () => {
  it('explains the token, checks it with an admin read, and opens the editors', async () => {
    const user = userEvent.setup()
    const { client } = await render()
    const form = screen.getByTestId('admin-unlock')
    expect(form).toHaveTextContent('never grants admin')
    const input = screen.getByLabelText('Admin API token')
    expect(input).toHaveAttribute('type', 'password')
    await unlock(user)
    expect(await screen.findByTestId('tier-editor')).toBeInTheDocument()
    const check = client.requests.find((r) => r.url.endsWith('/api/v1/tokens'))!
    expect(check.headers).toEqual({ Authorization: `Bearer ${GOOD_TOKEN}` })
    expect(screen.queryByTestId('admin-unlock')).toBeNull()
    expect(localStorage.length).toBe(0)
    expect(sessionStorage.length).toBe(0)
  })

  it('says when a token is unknown or only reads, and stays locked', async () => {
    const user = userEvent.setup()
    await render()
    await unlock(user, 'slat_wrong')
    const input = screen.getByLabelText('Admin API token')
    expect(await screen.findByText(/does not know this token/)).toBeInTheDocument()
    expect(input).toHaveAttribute('aria-invalid', 'true')
    await user.clear(input)
    await unlock(user, READ_TOKEN)
    expect(await screen.findByText(/This token can only read/)).toBeInTheDocument()
    expect(screen.queryByTestId('tier-editor')).toBeNull()
  })

  it('asks for a token before checking an empty one', async () => {
    const user = userEvent.setup()
    const { client } = await render()
    await user.click(screen.getByRole('button', { name: 'Unlock' }))
    expect(screen.getByText('Enter the admin API token.')).toBeInTheDocument()
    expect(client.requests).toHaveLength(0)
  })

  it('forgets the token on Lock, and moves between the four areas by tab', async () => {
    const user = userEvent.setup()
    await render()
    await unlock(user)
    await screen.findByTestId('tier-editor')
    const tabs = screen.getByRole('tablist', { name: 'Admin areas' })
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map((t) => t.textContent),
    ).toEqual(['Tier profiles', 'Calendars', 'Organizations', 'Import and export'])
    await user.click(within(tabs).getByRole('tab', { name: 'Import and export' }))
    expect(await screen.findByTestId('registry-io')).toBeVisible()
    await user.click(screen.getByTestId('admin-lock'))
    expect(screen.getByTestId('admin-unlock')).toBeInTheDocument()
    expect(screen.getByLabelText('Admin API token')).toHaveValue('')
  })

  it('explains a missing service URL', async () => {
    await renderInApp(<AdminScreens />, { location: 'nav_bar', role: 'admin', serviceUrl: null })
    await waitFor(() =>
      expect(screen.getByTestId('admin-screens')).toHaveTextContent('No SLA service URL'),
    )
  })
})
