/**
 * Account ↔ Zendesk organization mapping: the synced organizations (searchable, optionally only
 * the unmapped ones) with the account each maps to; map one to an account or unmap it. The
 * mapping is the account's `organizationId` (`PATCH /api/v1/accounts/{id}`); an organization
 * already used by another account is refused with 409, shown as it is.
 */
import { useEffect, useState } from 'react'
import { Button } from '@zendeskgarden/react-buttons'
import { Checkbox, Field, Input } from '@zendeskgarden/react-forms'
import { Alert, Notification, Paragraph, Title } from '@zendeskgarden/react-notifications'
import { Tag } from '@zendeskgarden/react-tags'
import { SM } from '@zendeskgarden/react-typography'
import { useEnvironment } from '../../zaf/ZafProvider.js'
import { serviceErrorOf, type ServiceError } from '../../service/service-api.js'
import { EmptyState, LoadingState } from '../../ui/states.js'
import { useServiceData } from '../../ui/useServiceData.js'
import { adminErrorMessage, useAdmin } from './admin-api.js'
import { AdminErrorState, AdminSection, SPREAD_ROW } from './form-ui.js'
import type {
  AccountPage,
  AccountView,
  ZendeskOrganization,
  ZendeskOrganizationPage,
} from '@sla-tracker/shared'

const PAGE = 50

/** A value that follows `value` once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms)
    return () => clearTimeout(id)
  }, [value, ms])
  return v
}

type Outcome =
  | { kind: 'mapped'; organization: string; account: string }
  | { kind: 'unmapped'; organization: string }
  | { kind: 'error'; error: ServiceError }

export function OrgMapping() {
  const { t } = useEnvironment()
  const admin = useAdmin()
  const [query, setQuery] = useState('')
  const [unmappedOnly, setUnmappedOnly] = useState(false)
  const q = useDebounced(query.trim(), 300)
  const first = useServiceData(
    () =>
      admin.get<ZendeskOrganizationPage>('/api/v1/zendesk/organizations', {
        q: q || undefined,
        unmapped: unmappedOnly || undefined,
        limit: PAGE,
      }),
    [admin, q, unmappedOnly],
  )
  // Later pages belong to the first page they follow; a new search or a refresh drops them.
  const pageKey = first.status === 'ready' ? first.receivedAt : 0
  const [morePages, setMore] = useState<(ZendeskOrganizationPage & { key: number }) | null>(null)
  const more = morePages?.key === pageKey ? morePages : null
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<ServiceError | null>(null)
  const [editing, setEditing] = useState<number | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const items = first.status === 'ready' ? [...first.data.items, ...(more?.items ?? [])] : []
  const next = more ? more.next : first.status === 'ready' ? first.data.next : null
  const filtered = q !== '' || unmappedOnly

  const loadMore = async () => {
    if (next === null) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await admin.get<ZendeskOrganizationPage>('/api/v1/zendesk/organizations', {
        q: q || undefined,
        unmapped: unmappedOnly || undefined,
        limit: PAGE,
        after: next,
      })
      setMore({ key: pageKey, items: [...(more?.items ?? []), ...page.items], next: page.next })
    } catch (reason) {
      setMoreError(serviceErrorOf(reason))
    } finally {
      setLoadingMore(false)
    }
  }

  const unmap = async (org: ZendeskOrganization) => {
    if (!org.accountId) return
    setOutcome(null)
    try {
      await admin.send('PATCH', `/api/v1/accounts/${encodeURIComponent(org.accountId)}`, {
        body: { organizationId: null },
      })
      setOutcome({ kind: 'unmapped', organization: org.name })
      first.refresh()
    } catch (reason) {
      setOutcome({ kind: 'error', error: serviceErrorOf(reason) })
    }
  }

  return (
    <AdminSection
      testId="org-mapping"
      titleId="admin-org-title"
      title={t('admin.org.title')}
      intro={t('admin.org.intro')}
    >
      <div role="search" style={{ display: 'flex', flexWrap: 'wrap', gap: '0 16px' }}>
        <Field style={{ flex: '1 1 200px', marginBottom: 8 }}>
          <Field.Label>{t('admin.org.search')}</Field.Label>
          <Input
            type="search"
            value={query}
            placeholder={t('admin.org.searchPlaceholder')}
            onChange={(e) => setQuery(e.target.value)}
          />
        </Field>
        <Field style={{ alignSelf: 'flex-end', marginBottom: 12 }}>
          <Checkbox checked={unmappedOnly} onChange={(e) => setUnmappedOnly(e.target.checked)}>
            <Field.Label isRegular>{t('admin.org.unmappedOnly')}</Field.Label>
          </Checkbox>
        </Field>
      </div>

      {outcome ? <OutcomeNotice outcome={outcome} /> : null}

      {first.status === 'loading' ? <LoadingState label={t('admin.org.loading')} /> : null}
      {first.status === 'error' ? (
        <AdminErrorState error={first.error} onRetry={first.refresh} />
      ) : null}
      {first.status === 'ready' && items.length === 0 ? (
        filtered ? (
          <EmptyState title={t('admin.org.noMatchTitle')}>{t('admin.org.noMatch')}</EmptyState>
        ) : (
          <EmptyState title={t('admin.org.emptyTitle')}>{t('admin.org.empty')}</EmptyState>
        )
      ) : null}
      {items.length > 0 ? (
        <ul
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
          aria-label={t('admin.org.listLabel')}
        >
          {items.map((org) => (
            <li
              key={org.id}
              data-testid={`org-${org.id}`}
              style={{ borderTop: '1px solid #e9ebed', padding: '10px 0' }}
            >
              <div style={{ ...SPREAD_ROW, alignItems: 'flex-start' }}>
                <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                  <strong>{org.name}</strong>
                  <SM style={{ color: '#68737d' }}>
                    {t('admin.org.meta', {
                      id: org.id,
                      tickets: t.plural('admin.org.openTickets', org.openTickets),
                    })}
                  </SM>
                  <div style={{ marginTop: 4 }}>
                    {org.accountId ? (
                      <Tag hue="green">
                        <span>{t('admin.org.mappedTo', { account: org.accountId })}</span>
                      </Tag>
                    ) : (
                      <Tag hue="yellow">
                        <span>{t('admin.org.unmapped')}</span>
                      </Tag>
                    )}
                  </div>
                </div>
                <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                  <Button
                    size="small"
                    aria-expanded={editing === org.id}
                    aria-label={t(org.accountId ? 'admin.org.changeLabel' : 'admin.org.mapLabel', {
                      name: org.name,
                    })}
                    onClick={() => {
                      setOutcome(null)
                      setEditing(editing === org.id ? null : org.id)
                    }}
                  >
                    {org.accountId ? t('admin.org.change') : t('admin.org.map')}
                  </Button>
                  {org.accountId ? (
                    <Button
                      size="small"
                      isDanger
                      isBasic
                      aria-label={t('admin.org.unmapLabel', { name: org.name })}
                      onClick={() => void unmap(org)}
                    >
                      {t('admin.org.unmap')}
                    </Button>
                  ) : null}
                </div>
              </div>
              {editing === org.id ? (
                <AccountPicker
                  organization={org}
                  onCancel={() => setEditing(null)}
                  onMapped={(account) => {
                    setEditing(null)
                    setOutcome({ kind: 'mapped', organization: org.name, account: account.name })
                    first.refresh()
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {moreError ? <AdminErrorState error={moreError} onRetry={() => void loadMore()} /> : null}
      {next !== null && items.length > 0 ? (
        <Button
          size="small"
          isBasic
          disabled={loadingMore}
          onClick={() => void loadMore()}
          style={{ marginTop: 8 }}
        >
          {loadingMore ? t('common.loading') : t('admin.org.more')}
        </Button>
      ) : null}
    </AdminSection>
  )
}

function OutcomeNotice(props: { outcome: Outcome }) {
  const { t } = useEnvironment()
  const o = props.outcome
  if (o.kind === 'error')
    return (
      <Alert type="error" role="alert" style={{ marginBottom: 12 }} data-testid="org-error">
        <Title>{t('admin.org.failedTitle')}</Title>
        <Paragraph>{adminErrorMessage(t, o.error)}</Paragraph>
      </Alert>
    )
  return (
    <Notification type="success" role="status" style={{ marginBottom: 12 }}>
      <Paragraph>
        {o.kind === 'mapped'
          ? t('admin.org.mapped', { organization: o.organization, account: o.account })
          : t('admin.org.unmappedDone', { organization: o.organization })}
      </Paragraph>
    </Notification>
  )
}

function AccountPicker(props: {
  organization: ZendeskOrganization
  onMapped: (account: AccountView) => void
  onCancel: () => void
}) {
  const { t } = useEnvironment()
  const admin = useAdmin()
  const [query, setQuery] = useState(props.organization.name)
  const q = useDebounced(query.trim(), 300)
  const accounts = useServiceData(
    () =>
      admin.get<AccountPage>('/api/v1/accounts', {
        q: q || undefined,
        limit: 10,
      }),
    [admin, q],
  )
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<ServiceError | null>(null)
  const org = props.organization

  const map = async (account: AccountView) => {
    setBusy(account.id)
    setError(null)
    try {
      await admin.send('PATCH', `/api/v1/accounts/${encodeURIComponent(account.id)}`, {
        body: { organizationId: org.id },
        ifMatch: account.revision,
      })
      props.onMapped(account)
    } catch (reason) {
      setError(serviceErrorOf(reason))
    } finally {
      setBusy(null)
    }
  }

  return (
    <div
      data-testid="account-picker"
      role="group"
      aria-label={t('admin.org.pickerLabel', { name: org.name })}
      style={{ background: '#f8f9f9', borderRadius: 4, padding: 12, marginTop: 8 }}
    >
      <Field style={{ marginBottom: 8 }}>
        <Field.Label>{t('admin.org.accountSearch')}</Field.Label>
        <Field.Hint>{t('admin.org.accountSearchHint')}</Field.Hint>
        <Input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </Field>
      {error ? (
        <Alert type="error" role="alert" style={{ marginBottom: 8 }} data-testid="map-error">
          <Title>
            {error.kind === 'conflict' ? t('admin.org.conflictTitle') : t('admin.org.failedTitle')}
          </Title>
          <Paragraph>{adminErrorMessage(t, error)}</Paragraph>
        </Alert>
      ) : null}
      {accounts.status === 'loading' ? (
        <LoadingState label={t('admin.org.accountsLoading')} />
      ) : null}
      {accounts.status === 'error' ? (
        <AdminErrorState error={accounts.error} onRetry={accounts.refresh} />
      ) : null}
      {accounts.status === 'ready' && accounts.data.accounts.length === 0 ? (
        <EmptyState title={t('admin.org.noAccountsTitle')}>{t('admin.org.noAccounts')}</EmptyState>
      ) : null}
      {accounts.status === 'ready' && accounts.data.accounts.length > 0 ? (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {accounts.data.accounts.map((a) => (
            <li key={a.id} style={{ ...SPREAD_ROW, padding: '6px 0' }}>
              <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <span>{t('admin.org.accountName', { name: a.name, id: a.id })}</span>
                {a.organizationId !== null && a.organizationId !== org.id ? (
                  <SM style={{ color: '#68737d' }}>
                    {t('admin.org.accountHasOrg', { id: a.organizationId })}
                  </SM>
                ) : null}
              </div>
              <Button
                size="small"
                isPrimary
                disabled={busy !== null || a.organizationId === org.id}
                aria-label={t('admin.org.mapToLabel', { organization: org.name, account: a.name })}
                onClick={() => void map(a)}
              >
                {busy === a.id ? t('admin.save.saving') : t('admin.org.mapTo')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <Button size="small" isBasic onClick={props.onCancel} style={{ marginTop: 8 }}>
        {t('admin.org.cancel')}
      </Button>
    </div>
  )
}
