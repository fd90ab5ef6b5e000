/**
 * One page, three locations: the ticket sidebar is bundled with the page; the organization
 * sidebar and the manager dashboard (with the admin screens) load as their own chunks.
 */
import { lazy, Suspense } from 'react'
import { useEnvironment } from './zaf/ZafProvider.js'
import { EmptyState, LoadingState } from './ui/states.js'
import { TicketSidebar } from './views/ticket/TicketSidebar.js'

const OrganizationSidebar = lazy(() =>
  import('./views/organization/OrganizationSidebar.js').then((m) => ({
    default: m.OrganizationSidebar,
  })),
)
const Dashboard = lazy(() =>
  import('./views/dashboard/Dashboard.js').then((m) => ({ default: m.Dashboard })),
)

export function App() {
  const { location, service, t } = useEnvironment()
  if (!service)
    return <EmptyState title={t('common.setup.title')}>{t('common.setup.noServiceUrl')}</EmptyState>
  switch (location) {
    case 'ticket_sidebar':
      return <TicketSidebar />
    case 'organization_sidebar':
      return (
        <Suspense fallback={<LoadingState />}>
          <OrganizationSidebar />
        </Suspense>
      )
    case 'nav_bar':
      return (
        <Suspense fallback={<LoadingState />}>
          <Dashboard />
        </Suspense>
      )
    case null:
      return (
        <EmptyState title={t('common.setup.title')}>{t('common.setup.unknownLocation')}</EmptyState>
      )
  }
}
