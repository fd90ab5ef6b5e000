/**
 * Renders the app once Zendesk has registered it (`app.registered`), with everything a screen
 * needs: the client, where it runs, the agent, the service API, strings and formatters.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { createServiceApi, type ServiceApi } from '../service/service-api.js'
import { createTranslator, loadMessages, supportedLocaleOf, type Translator } from '../i18n/i18n.js'
import { createFormatters, type Formatters } from '../ui/format.js'
import {
  appLocationOf,
  type AppLocation,
  type ZafClient,
  type ZafContext,
  type ZafMetadata,
  type ZafUser,
} from './types.js'

export interface AppEnvironment {
  client: ZafClient
  context: ZafContext
  metadata: ZafMetadata
  location: AppLocation | null
  user: ZafUser
  /** Null when the installation has no service URL (a setup problem shown to the agent). */
  service: ServiceApi | null
  t: Translator
  format: Formatters
}

const EnvironmentContext = createContext<AppEnvironment | null>(null)

export function useEnvironment(): AppEnvironment {
  const env = useContext(EnvironmentContext)
  if (!env) throw new Error('useEnvironment() outside <ZafProvider>')
  return env
}

/** For tests and the provider: builds the environment once the client is registered. */
export async function loadEnvironment(client: ZafClient): Promise<AppEnvironment> {
  const [context, metadata, got] = await Promise.all([
    client.context(),
    client.metadata(),
    client.get('currentUser'),
  ])
  const user = got['currentUser'] as ZafUser
  const locale = supportedLocaleOf(user.locale)
  const messages = await loadMessages(locale)
  const intlLocale = user.locale && supportedLocaleOf(user.locale) === locale ? user.locale : locale
  const serviceUrl =
    typeof metadata.settings.service_url === 'string' ? metadata.settings.service_url : ''
  return {
    client,
    context,
    metadata,
    location: appLocationOf(context.location),
    user,
    service: serviceUrl
      ? createServiceApi(client, {
          serviceUrl,
          subdomain: context.account?.subdomain ?? '',
          userId: user.id,
        })
      : null,
    t: createTranslator(messages, intlLocale),
    format: createFormatters(intlLocale, user.timeZone?.ianaName ?? undefined),
  }
}

type Boot =
  { state: 'waiting' } | { state: 'ready'; env: AppEnvironment } | { state: 'failed'; error: Error }

export function ZafProvider(props: {
  client: ZafClient
  /** Shown until the environment is ready (no strings are loaded yet). */
  fallback?: ReactNode
  failed?: (error: Error) => ReactNode
  children: ReactNode
}) {
  const { client } = props
  const [boot, setBoot] = useState<Boot>({ state: 'waiting' })
  useEffect(() => {
    let live = true
    const start = () => {
      loadEnvironment(client).then(
        (env) => live && setBoot({ state: 'ready', env }),
        (error: unknown) =>
          live &&
          setBoot({
            state: 'failed',
            error: error instanceof Error ? error : new Error(String(error)),
          }),
      )
    }
    client.on('app.registered', start)
    return () => {
      live = false
      client.off('app.registered', start)
    }
  }, [client])
  const value = useMemo(() => (boot.state === 'ready' ? boot.env : null), [boot])
  if (boot.state === 'failed') return <>{props.failed?.(boot.error) ?? null}</>
  if (!value) return <>{props.fallback ?? null}</>
  return <EnvironmentContext.Provider value={value}>{props.children}</EnvironmentContext.Provider>
}

/** Tests: provide a ready environment directly. */
export function EnvironmentProvider(props: { env: AppEnvironment; children: ReactNode }) {
  return (
    <EnvironmentContext.Provider value={props.env}>{props.children}</EnvironmentContext.Provider>
  )
}
