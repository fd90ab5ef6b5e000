/**
 * The stale-data notice for a screen's data whose last refresh failed: the data kept on screen,
 * when it was received, what went wrong and a retry. Nothing otherwise.
 */
import { StaleNotice } from './states.js'
import type { ServiceData } from './useServiceData.js'

export function RefreshFailedNotice(props: {
  data: ServiceData<unknown> & { refresh: () => void }
}) {
  const { data } = props
  if (data.status !== 'ready' || !data.refreshError) return null
  return (
    <StaleNotice error={data.refreshError} receivedAt={data.receivedAt} onRetry={data.refresh} />
  )
}
