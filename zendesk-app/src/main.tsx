/** The page's entry: connect to Zendesk, wait for registration, render the location's screen. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import { AppTheme } from './ui/AppTheme.js'
import { connectZaf } from './zaf/connect.js'
import { ZafProvider } from './zaf/ZafProvider.js'
import { englishMessages } from './i18n/i18n.js'

const root = createRoot(document.getElementById('root')!)
const client = connectZaf()
// Before the agent's locale is known, only English strings exist.
const say = (key: string) => englishMessages[key] ?? key

root.render(
  <StrictMode>
    <AppTheme>
      {client ? (
        <ZafProvider
          client={client}
          fallback={<p role="status">{say('common.loading')}</p>}
          failed={(e) => (
            <p role="alert">
              {say('common.errors.boot')} {e.message}
            </p>
          )}
        >
          <App />
        </ZafProvider>
      ) : (
        <p role="alert">{say('common.errors.outsideZendesk')}</p>
      )}
    </AppTheme>
  </StrictMode>,
)
