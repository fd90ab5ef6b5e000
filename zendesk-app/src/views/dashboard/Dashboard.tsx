/**
 * The CS managers' dashboard (nav bar): the portfolio of accounts by tier, incidents and
 * maintenance with the accounts they affect, and — for Zendesk admins — the admin screens, loaded
 * as their own chunk. A tab keeps its state once visited, so going back to the portfolio finds
 * the same filters and pages.
 */
import { lazy, Suspense, useCallback, useState } from 'react'
import { Tab, TabList, TabPanel, Tabs } from '@zendeskgarden/react-tabs'
import { XL } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { LoadingState } from '../../ui/states.js'
import { PortfolioPanel, type AccountRef } from './PortfolioPanel.js'
import { IncidentsPanel } from './IncidentsPanel.js'

const AdminScreens = lazy(() =>
  import('../admin/AdminScreens.js').then((m) => ({ default: m.AdminScreens })),
)

type TabId = 'portfolio' | 'incidents' | 'admin'

export function Dashboard() {
  const { t, user } = useEnvironment()
  const isAdmin = user.role === 'admin'
  const [tab, setTab] = useState<TabId>('portfolio')
  const [visited, setVisited] = useState<ReadonlySet<TabId>>(() => new Set(['portfolio']))
  const [account, setAccount] = useState<AccountRef | null>(null)

  const select = useCallback((next: TabId) => {
    setTab(next)
    setVisited((v) => (v.has(next) ? v : new Set([...v, next])))
  }, [])

  const openAccount = useCallback(
    (a: AccountRef) => {
      setAccount(a)
      select('portfolio')
    },
    [select],
  )

  const tabs: TabId[] = isAdmin ? ['portfolio', 'incidents', 'admin'] : ['portfolio', 'incidents']

  return (
    <main
      data-testid="dashboard"
      style={{ padding: '16px clamp(8px, 3vw, 24px)', maxWidth: 1280, minWidth: 0 }}
    >
      <XL tag="h1" isBold style={{ margin: '0 0 12px' }}>
        {t('dashboard.title')}
      </XL>
      <Tabs selectedItem={tab} onChange={(item: TabId) => select(item)}>
        <TabList aria-label={t('dashboard.tabsLabel')} style={{ overflowX: 'auto' }}>
          {tabs.map((id) => (
            <Tab key={id} item={id} data-testid={`tab-${id}`}>
              {t(`dashboard.tabs.${id}`)}
            </Tab>
          ))}
        </TabList>
        <TabPanel item="portfolio">
          <PortfolioPanel account={account} onAccountChange={setAccount} />
        </TabPanel>
        <TabPanel item="incidents">
          {visited.has('incidents') ? <IncidentsPanel onOpenAccount={openAccount} /> : null}
        </TabPanel>
        {isAdmin ? (
          <TabPanel item="admin">
            {visited.has('admin') ? (
              <Suspense fallback={<LoadingState />}>
                <AdminScreens />
              </Suspense>
            ) : null}
          </TabPanel>
        ) : null}
      </Tabs>
    </main>
  )
}
