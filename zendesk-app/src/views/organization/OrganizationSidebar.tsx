import { useEnvironment } from '../../zaf/ZafProvider.js'
import { EmptyState } from '../../ui/states.js'

/** Placeholder: replaced by the real screen. */
export function OrganizationSidebar() {
  const { t } = useEnvironment()
  return <EmptyState>{t('common.empty')}</EmptyState>
}
