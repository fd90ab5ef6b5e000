/**
 * The `sla-tracker` command as a user runs it: a separate process through the package's bin.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const bin = fileURLToPath(new URL('../../server/bin/sla-tracker.js', import.meta.url))
const example = fileURLToPath(new URL('../../examples/three-tier-tai.yaml', import.meta.url))

describe('the sla-tracker binary', () => {
  it('evaluates a scenario and prints JSON on standard output', async () => {
    const { stdout, stderr } = await run(process.execPath, [bin, 'evaluate', example, '--compact'])
    expect(stderr).toBe('')
    const report = JSON.parse(stdout) as { summary: { creditsOwed: Record<string, number> } }
    expect(report.summary.creditsOwed).toEqual({ USD: 306_000 })
  })

  it('exits 1 with the problems on standard error for an invalid scenario', async () => {
    const error = await run(process.execPath, [
      bin,
      'evaluate',
      example,
      '--now',
      '2026-03-01T00:00:00Z',
    ]).catch((e: unknown) => e as { code: number; stderr: string; stdout: string })
    expect(error).toMatchObject({ code: 1, stdout: '' })
    expect((error as { stderr: string }).stderr).toMatch(/is after "now" \(future\)/)
  })
})
