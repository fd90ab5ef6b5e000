/**
 * Builds the workspaces once before the cross-workspace tests, so tests that run the compiled
 * CLI as a user would (a child process) find it. Incremental: about a second when up to date.
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
}
