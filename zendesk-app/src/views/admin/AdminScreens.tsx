import { useEnvironment } from '../../zaf/ZafProvider.js'
import { EmptyState } from '../../ui/states.js'

/** Placeholder: replaced by the real screens. */
export function AdminScreens() {
  const { t } = useEnvironment()
  return <EmptyState>{t('common.empty')}</EmptyState>
}
