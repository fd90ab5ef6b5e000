import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse } from '../../zaf/fake-client.js'
import type { ZafRequestOptions } from '../../zaf/types.js'
import { renderInApp, type Route } from '../../test-support/render.js'
import { AdminScreens } from './AdminScreens.js'
import { errorResponse, GOOD_TOKEN, registryRoutes, unlock } from './test-fixtures.js'

async function openIO(routes: Record<string, Route>) {
  const user = userEvent.setup()
  await renderInApp(<AdminScreens />, {
    location: 'nav_bar',
    role: 'admin',
    routes: registryRoutes(routes),
  })
  await unlock(user)
  await user.click(await screen.findByRole('tab', { name: 'Import and export' }))
  return { user, io: within(screen.getByTestId('registry-io')) }
}

const counts = (created: number, updated = 0) => ({ created, updated, unchanged: 0, deleted: 0 })

afterEach(() => vi.restoreAllMocks())

describe('registry import and export', () => {
  it('exports the registry as a YAML download', async () => {
    const created: Blob[] = []
    Object.assign(URL, {
      createObjectURL: vi.fn((b: Blob) => (created.push(b), 'blob:registry')),
      revokeObjectURL: vi.fn(),
    })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    let asked: URL | undefined
    const { user, io } = await openIO({
      '/api/v1/registry': (_req: ZafRequestOptions, url: URL) => {
        asked = url
        return { status: 200, responseText: 'calendars: []\ntiers: []\naccounts: []\n' }
      },
    })
    await user.click(io.getByTestId('export-yaml'))
    const link = await io.findByTestId('export-link')
    expect(asked!.searchParams.get('format')).toBe('yaml')
    expect(await created[0]!.text()).toBe('calendars: []\ntiers: []\naccounts: []\n')
    expect(click).toHaveBeenCalledTimes(1)
    expect(link).toHaveAttribute('href', 'blob:registry')
    expect(link.getAttribute('download')).toMatch(/^registry-\d{4}-\d{2}-\d{2}\.yaml$/)
  })

  it('imports a JSON file in upsert mode and shows the counts', async () => {
    const posted: { req: ZafRequestOptions; url: URL }[] = []
    const { user, io } = await openIO({
      'POST /api/v1/registry/import': (req: ZafRequestOptions, url: URL) => {
        posted.push({ req, url })
        return jsonResponse(200, {
          mode: 'upsert',
          calendars: counts(1),
          tiers: counts(0, 2),
          accounts: counts(3),
          ignored: ['tickets'],
          registryRevision: 42,
        })
      },
    })
    const doc = '{"tiers": [], "tickets": []}'
    await user.upload(
      io.getByTestId('import-file'),
      new File([doc], 'registry.json', { type: 'application/json' }),
    )
    expect(await io.findByDisplayValue(doc)).toBeInTheDocument()
    await user.click(io.getByTestId('import-run'))
    const success = await io.findByTestId('import-success')
    expect(success).toHaveTextContent('registry revision 42')
    expect(
      within(success)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['WhatCreatedUpdatedUnchangedDeleted', 'Calendars1000', 'Tiers0200', 'Accounts3000'])
    expect(success).toHaveTextContent('Ignored (not part of the registry): tickets.')
    expect(posted[0]!.url.searchParams.get('mode')).toBe('upsert')
    expect(posted[0]!.req.contentType).toBe('application/json')
    expect(posted[0]!.req.data).toBe(doc)
  })

  it('asks to confirm a replace before importing', async () => {
    const { user, io } = await openIO({})
    await user.type(io.getByLabelText('Content'), 'tiers: [[]]')
    expect(io.getByTestId('import-run')).toBeEnabled()
    await user.click(io.getByLabelText('Replace everything'))
    expect(io.getByTestId('replace-warning')).toHaveTextContent('will be deleted')
    expect(io.getByTestId('import-run')).toBeDisabled()
    await user.click(io.getByLabelText(/I understand/))
    expect(io.getByTestId('import-run')).toBeEnabled()
  })

  it('lists every problem of a refused CSV import and says nothing changed', async () => {
    const posted: ZafRequestOptions[] = []
    const { user, io } = await openIO({
      'POST /api/v1/accounts/import.csv': (req: ZafRequestOptions) => {
        posted.push(req)
        return errorResponse(422, '2 problems in the input; see details', [
          {
            path: 'row 3, column currency',
            rule: 'pattern',
            message: 'must be an ISO 4217 currency code such as USD',
          },
          { path: 'row 7, column tier', rule: 'reference', message: 'no tier "platinum"' },
        ])
      },
    })
    await user.selectOptions(io.getByTestId('import-kind'), 'accounts-csv')
    await user.type(io.getByLabelText('Content'), 'id,name')
    await user.click(io.getByTestId('import-run'))
    const failed = await io.findByTestId('import-failed')
    expect(failed).toHaveTextContent('The service found 2 problems.')
    expect(failed).toHaveTextContent('Nothing was changed')
    const rows = within(io.getByTestId('import-problems')).getAllByRole('row')
    expect(rows.map((r) => r.textContent)).toEqual([
      'WhereProblem',
      'row 3, column currencymust be an ISO 4217 currency code such as USD',
      'row 7, column tierno tier "platinum"',
    ])
    expect(posted[0]!.contentType).toBe('text/csv')
  })
})

describe('registry import in German', () => {
  it('lists the service’s problems in German, and unknown ones as they came', async () => {
    const user = userEvent.setup()
    await renderInApp(<AdminScreens />, {
      location: 'nav_bar',
      role: 'admin',
      locale: 'de-DE',
      routes: registryRoutes({
        'POST /api/v1/accounts/import.csv': () =>
          errorResponse(422, '3 problems in the input; see details', [
            {
              path: 'row 3, column currency',
              rule: 'pattern',
              message: 'must be an ISO 4217 currency code such as USD',
            },
            { path: 'row 4, column claimWindowDays', rule: 'range', message: 'must be <= 366' },
            { path: 'row 7, column tier', rule: 'reference', message: 'no tier "platinum"' },
          ]),
      }),
    })
    await user.type(screen.getByLabelText('Admin-API-Token'), GOOD_TOKEN)
    await user.click(screen.getByRole('button', { name: 'Freischalten' }))
    await user.click(await screen.findByRole('tab', { name: 'Import und Export' }))
    const io = within(screen.getByTestId('registry-io'))
    await user.selectOptions(io.getByTestId('import-kind'), 'accounts-csv')
    await user.type(io.getByLabelText('Inhalt'), 'id,name')
    await user.click(io.getByTestId('import-run'))
    await io.findByTestId('import-failed')
    const rows = within(io.getByTestId('import-problems')).getAllByRole('row')
    expect(rows.map((r) => r.textContent)).toEqual([
      'WoProblem',
      'row 3, column currencymuss ein ISO-4217-Währungscode wie USD sein',
      'row 4, column claimWindowDaysdarf höchstens 366 sein',
      'row 7, column tierno tier "platinum"',
    ])
  })
})
