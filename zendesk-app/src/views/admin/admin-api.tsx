/**
 * The unlocked admin session: the admin API token (kept only in React state, never stored or
 * logged) and calls that carry it. Screens below `AdminSessionProvider` use `useAdmin()`.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { ServiceError } from '../../service/service-api.js'
import { queryString, type Query, type ServiceApi } from '../../service/service-api.js'
import { errorMessage } from '../../ui/states.js'
import type { Translator } from '../../i18n/i18n.js'

export interface AdminSession {
  get<T>(path: string, query?: Query): Promise<T>
  send<T>(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options?: { body?: unknown; ifMatch?: number; text?: { body: string; contentType: string } },
  ): Promise<T>
  text(path: string, query?: Query): Promise<string>
  lock(): void
}

export function adminSessionOf(service: ServiceApi, token: string, lock: () => void): AdminSession {
  return {
    get: (path, query) =>
      service.admin('GET', `${path}${queryString(query)}`, { adminToken: token }),
    send: (method, path, o = {}) =>
      service.admin(method, path, {
        adminToken: token,
        ...(o.body !== undefined ? { body: o.body } : {}),
        ...(o.text ? { text: o.text } : {}),
        ...(o.ifMatch !== undefined ? { ifMatch: o.ifMatch } : {}),
      }),
    text: (path, query) => service.adminText(`${path}${queryString(query)}`, token),
    lock,
  }
}

const AdminContext = createContext<AdminSession | null>(null)

export function useAdmin(): AdminSession {
  const session = useContext(AdminContext)
  if (!session) throw new Error('useAdmin() outside <AdminSessionProvider>')
  return session
}

export function AdminSessionProvider(props: {
  service: ServiceApi
  token: string
  onLock: () => void
  children: ReactNode
}) {
  const { service, token, onLock } = props
  const value = useMemo(() => adminSessionOf(service, token, onLock), [service, token, onLock])
  return <AdminContext.Provider value={value}>{props.children}</AdminContext.Provider>
}

/** What went wrong, for an admin: a refused token is the admin token, not the app's signature. */
export function adminErrorMessage(t: Translator, error: ServiceError): string {
  if (error.kind === 'unauthorized') return t('admin.errors.tokenRefused')
  if (error.kind === 'forbidden') return t('admin.errors.tokenReadOnly')
  return errorMessage(t, error)
}
