/**
 * The admin screens (the dashboard's "Admin" tab, for Zendesk admins). Changes need the service's
 * admin API token: a JWT from the app never grants admin, since its claims are made in the
 * browser. The token is typed in, checked with a harmless admin read, and kept only in this
 * component's state — never stored, never logged; "Lock" forgets it.
 */
import { useCallback, useState } from 'react'
import { Button } from '@zendeskgarden/react-buttons'
import { Field, Input } from '@zendeskgarden/react-forms'
import { Paragraph, Title, Well } from '@zendeskgarden/react-notifications'
import { Tabs } from '@zendeskgarden/react-tabs'
import { LG, SM } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { serviceErrorOf, type ServiceApi, type ServiceError } from '../../service/service-api.js'
import { EmptyState } from '../../ui/states.js'
import { AdminSessionProvider, adminErrorMessage } from './admin-api.js'
import { CalendarEditor } from './CalendarEditor.js'
import { OrgMapping } from './OrgMapping.js'
import { RegistryIO } from './RegistryIO.js'
import { TierEditor } from './TierEditor.js'
import { SPREAD_ROW } from './form-ui.js'

const AREAS = ['tiers', 'calendars', 'organizations', 'io'] as const
type Area = (typeof AREAS)[number]

export function AdminScreens() {
  const { t, service } = useEnvironment()
  const [token, setToken] = useState<string | null>(null)
  const lock = useCallback(() => setToken(null), [])
  if (!service)
    return (
      <div data-testid="admin-screens">
        <EmptyState title={t('common.setup.title')}>{t('common.setup.noServiceUrl')}</EmptyState>
      </div>
    )
  return (
    <div data-testid="admin-screens" style={{ maxWidth: 880, minWidth: 0 }}>
      {token === null ? (
        <Unlock service={service} onUnlocked={setToken} />
      ) : (
        <AdminSessionProvider service={service} token={token} onLock={lock}>
          <Unlocked onLock={lock} />
        </AdminSessionProvider>
      )}
    </div>
  )
}

function Unlock(props: { service: ServiceApi; onUnlocked: (token: string) => void }) {
  const { t } = useEnvironment()
  const [value, setValue] = useState('')
  const [checking, setChecking] = useState(false)
  const [error, setError] = useState<ServiceError | null>(null)
  const [empty, setEmpty] = useState(false)

  const submit = async () => {
    const token = value.trim()
    if (token === '') {
      setEmpty(true)
      return
    }
    setChecking(true)
    setError(null)
    try {
      // A harmless admin read: a read token gets 403, an unknown one 401.
      await props.service.admin('GET', '/api/v1/tokens', { adminToken: token })
      setValue('')
      props.onUnlocked(token)
    } catch (reason) {
      setError(serviceErrorOf(reason))
      setChecking(false)
    }
  }

  const message = empty
    ? t('admin.unlock.required')
    : error
      ? error.kind === 'unauthorized'
        ? t('admin.unlock.wrongToken')
        : error.kind === 'forbidden'
          ? t('admin.unlock.readOnlyToken')
          : adminErrorMessage(t, error)
      : null

  return (
    <form
      data-testid="admin-unlock"
      noValidate
      aria-labelledby="admin-unlock-title"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <Well style={{ marginBottom: 16 }}>
        <Title id="admin-unlock-title">{t('admin.unlock.title')}</Title>
        <Paragraph>{t('admin.unlock.why')}</Paragraph>
        <Paragraph>{t('admin.unlock.where')}</Paragraph>
      </Well>
      <Field style={{ marginBottom: 12 }}>
        <Field.Label>{t('admin.unlock.label')}</Field.Label>
        <Field.Hint>{t('admin.unlock.hint')}</Field.Hint>
        <Input
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          validation={message ? 'error' : undefined}
          aria-invalid={message ? true : undefined}
          onChange={(e) => {
            setValue(e.target.value)
            setEmpty(false)
            setError(null)
          }}
        />
        {message ? (
          <Field.Message validation="error" validationLabel={t('admin.form.errorIcon')}>
            {message}
          </Field.Message>
        ) : null}
      </Field>
      <Button type="submit" isPrimary disabled={checking}>
        {checking ? t('admin.unlock.checking') : t('admin.unlock.unlock')}
      </Button>
    </form>
  )
}

function Unlocked(props: { onLock: () => void }) {
  const { t } = useEnvironment()
  const [area, setArea] = useState<Area>('tiers')
  // Areas stay mounted once opened, so switching tabs keeps unsaved edits.
  const [opened, setOpened] = useState<ReadonlySet<Area>>(() => new Set(['tiers']))
  const show = (a: Area) => {
    setArea(a)
    setOpened((o) => (o.has(a) ? o : new Set([...o, a])))
  }
  return (
    <>
      <div style={{ ...SPREAD_ROW, marginBottom: 8 }}>
        <div style={{ minWidth: 0 }}>
          <LG tag="h1" isBold>
            {t('admin.title')}
          </LG>
          <SM style={{ color: '#68737d' }} role="status">
            {t('admin.unlock.unlocked')}
          </SM>
        </div>
        <Button size="small" onClick={props.onLock} data-testid="admin-lock">
          {t('admin.unlock.lock')}
        </Button>
      </div>
      <Tabs selectedItem={area} onChange={(item) => show(item as Area)}>
        <Tabs.TabList
          aria-label={t('admin.nav.label')}
          style={{ display: 'flex', flexWrap: 'wrap', marginBottom: 16 }}
        >
          {AREAS.map((a) => (
            <Tabs.Tab key={a} item={a} data-testid={`admin-tab-${a}`}>
              {t(`admin.nav.${a}`)}
            </Tabs.Tab>
          ))}
        </Tabs.TabList>
        <Tabs.TabPanel item="tiers">{opened.has('tiers') ? <TierEditor /> : null}</Tabs.TabPanel>
        <Tabs.TabPanel item="calendars">
          {opened.has('calendars') ? <CalendarEditor /> : null}
        </Tabs.TabPanel>
        <Tabs.TabPanel item="organizations">
          {opened.has('organizations') ? <OrgMapping /> : null}
        </Tabs.TabPanel>
        <Tabs.TabPanel item="io">{opened.has('io') ? <RegistryIO /> : null}</Tabs.TabPanel>
      </Tabs>
    </>
  )
}
