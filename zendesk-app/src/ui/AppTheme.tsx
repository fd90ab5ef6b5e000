/** Garden's theme, and a page font (Garden sets none). */
import type { ReactNode } from 'react'
import { DEFAULT_THEME, ThemeProvider } from '@zendeskgarden/react-theming'

export function AppTheme(props: { children: ReactNode }) {
  return <ThemeProvider theme={DEFAULT_THEME}>{props.children}</ThemeProvider>
}
