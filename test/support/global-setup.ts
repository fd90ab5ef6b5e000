/**
 * Builds the workspaces once before the cross-workspace tests, so tests that run the compiled
 * CLI as a user would (a child process) find it, and the Zendesk app and its harness (Vite) for
 * the real-browser tests. Incremental tsc: about a second when up to date; Vite: a few seconds.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-b'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url))
  for (const mode of ['production', 'harness'])
    execFileSync(process.execPath, [vite, 'build', '--mode', mode, '--logLevel', 'warn'], {
      cwd: fileURLToPath(new URL('../../zendesk-app', import.meta.url)),
      stdio: 'inherit',
    })
}
