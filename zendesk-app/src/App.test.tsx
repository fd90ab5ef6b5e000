import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { App } from './App.js'
import { renderInApp } from './test-support/render.js'
import { ErrorState } from './ui/states.js'
import { ServiceError } from './service/service-api.js'

describe('the app shell', () => {
  it('renders the location inside Garden, in the agent language', async () => {
    await renderInApp(
      <ErrorState error={new ServiceError('unreachable', 0, 'x')} onRetry={() => {}} />,
      {
        locale: 'de',
      },
    )
    expect(screen.getByRole('alert')).toHaveTextContent('Der SLA-Dienst ist nicht erreichbar')
    expect(screen.getByRole('button', { name: 'Erneut versuchen' })).toBeInTheDocument()
  })

  it('explains a missing service URL instead of failing', async () => {
    await renderInApp(<App />, { serviceUrl: null })
    expect(screen.getByText(/No SLA service URL is set/)).toBeInTheDocument()
  })
})
