import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { jsonResponse } from '../../zaf/fake-client.js'
import type { ZafRequestOptions } from '../../zaf/types.js'
import { renderInApp, type Route } from '../../test-support/render.js'
import { AdminScreens } from './AdminScreens.js'
import { errorResponse, registryRoutes, unlock } from './test-fixtures.js'
import type { ZendeskOrganization } from '@sla-tracker/shared'

const ORGS: ZendeskOrganization[] = [
  {
    id: 101,
    name: 'Acme Corp',
    externalId: null,
    contractTier: null,
    accountId: null,
    openTickets: 3,
  },
  {
    id: 102,
    name: 'Globex',
    externalId: 'gx',
    contractTier: 'gold',
    accountId: 'globex',
    openTickets: 1,
  },
]

function orgRoute(seen: URL[]): Route {
  return (_req: ZafRequestOptions, url: URL) => {
    seen.push(url)
    const q = url.searchParams.get('q')?.toLowerCase()
    const unmapped = url.searchParams.get('unmapped') === 'true'
    const items = ORGS.filter(
      (o) => (!q || o.name.toLowerCase().includes(q)) && (!unmapped || o.accountId === null),
    )
    return jsonResponse(200, { items, next: null })
  }
}

const ACCOUNTS = {
  accounts: [
    {
      id: 'acme',
      name: 'Acme',
      timeZone: 'UTC',
      organizationId: null,
      revision: 7,
      currentTier: 'gold',
    },
  ],
  nextCursor: null,
}

async function openMapping(routes: Record<string, Route>) {
  const user = userEvent.setup()
  await renderInApp(<AdminScreens />, {
    location: 'nav_bar',
    role: 'admin',
    routes: registryRoutes(routes),
  })
  await unlock(user)
  await user.click(await screen.findByRole('tab', { name: 'Organizations' }))
  return user
}

describe('the organization mapping', () => {
  it('searches, filters unmapped organizations, and maps one to an account', async () => {
    const seen: URL[] = []
    const patches: ZafRequestOptions[] = []
    const user = await openMapping({
      '/api/v1/zendesk/organizations': orgRoute(seen),
      '/api/v1/accounts': ACCOUNTS,
      'PATCH /api/v1/accounts/acme': (req) => {
        patches.push(req)
        return jsonResponse(200, { ...ACCOUNTS.accounts[0], organizationId: 101, revision: 8 })
      },
    })
    const region = screen.getByTestId('org-mapping')
    expect(await within(region).findByText('Acme Corp')).toBeInTheDocument()
    expect(within(screen.getByTestId('org-102')).getByText('Account globex')).toBeInTheDocument()

    await user.type(within(region).getByLabelText('Search organizations'), 'glob')
    await waitFor(() => expect(within(region).queryByText('Acme Corp')).toBeNull())
    expect(seen.at(-1)!.searchParams.get('q')).toBe('glob')
    await user.clear(within(region).getByLabelText('Search organizations'))
    await user.click(within(region).getByLabelText('Only organizations without an account'))
    await waitFor(() => expect(within(region).queryByText('Globex')).toBeNull())
    expect(seen.at(-1)!.searchParams.get('unmapped')).toBe('true')

    await user.click(
      await within(region).findByRole('button', { name: 'Map Acme Corp to an account' }),
    )
    const picker = await within(region).findByTestId('account-picker')
    await user.click(await within(picker).findByRole('button', { name: 'Map Acme Corp to Acme' }))
    expect(await within(region).findByText('Acme Corp now maps to Acme.')).toBeInTheDocument()
    expect(JSON.parse(patches[0]!.data!)).toEqual({ organizationId: 101 })
    expect(patches[0]!.headers?.['If-Match']).toBe('"7"')
  })

  it('shows a 409 when the organization is already used', async () => {
    const user = await openMapping({
      '/api/v1/zendesk/organizations': orgRoute([]),
      '/api/v1/accounts': ACCOUNTS,
      'PATCH /api/v1/accounts/acme': () =>
        errorResponse(409, 'organization 101 is already mapped to account "other"'),
    })
    await user.click(await screen.findByRole('button', { name: 'Map Acme Corp to an account' }))
    const picker = await screen.findByTestId('account-picker')
    await user.click(await within(picker).findByRole('button', { name: 'Map Acme Corp to Acme' }))
    const error = await within(picker).findByTestId('map-error')
    expect(error).toHaveTextContent('Organization already mapped')
    expect(error).toHaveTextContent('already mapped to account "other"')
  })

  it('unmaps an organization', async () => {
    const patches: ZafRequestOptions[] = []
    const user = await openMapping({
      '/api/v1/zendesk/organizations': orgRoute([]),
      'PATCH /api/v1/accounts/globex': (req) => {
        patches.push(req)
        return jsonResponse(200, {})
      },
    })
    await user.click(await screen.findByRole('button', { name: 'Unmap Globex' }))
    expect(await screen.findByText('Globex no longer maps to an account.')).toBeInTheDocument()
    expect(JSON.parse(patches[0]!.data!)).toEqual({ organizationId: null })
  })

  it('explains the empty state before Zendesk is connected and synced', async () => {
    await openMapping({ '/api/v1/zendesk/organizations': { items: [], next: null } })
    expect(await screen.findByText('No Zendesk organizations yet')).toBeInTheDocument()
    expect(screen.getByTestId('org-mapping')).toHaveTextContent(
      'connected to Zendesk and has synced',
    )
  })
})
