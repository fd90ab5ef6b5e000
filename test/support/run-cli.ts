import { runCli } from '@sla-tracker/server/cli'

export interface CliRun {
  code: number
  out: string
  err: string
}

/** Runs the CLI in-process and captures its output. */
export async function run(...args: string[]): Promise<CliRun> {
  let out = ''
  let err = ''
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}
