/**
 * Reads a scenario file: JSON (`.json`) or YAML (`.yaml`, `.yml`; YAML 1.2, so `09:00` stays a
 * string and timestamps are not converted). Syntax errors come back with line and column.
 */
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseDocument } from 'yaml'

export type ReadResult = { ok: true; value: unknown } | { ok: false; message: string }

/** Parses scenario text; `name` (a file name) chooses JSON or YAML by its extension. */
export function parseScenarioText(text: string, name: string): ReadResult {
  const ext = extname(name).toLowerCase()
  if (ext === '.json') {
    try {
      return { ok: true, value: JSON.parse(text) as unknown }
    } catch (e) {
      return { ok: false, message: `${name}: not valid JSON: ${(e as Error).message}` }
    }
  }
  if (ext === '.yaml' || ext === '.yml') {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, merge: true })
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!
      const where = first.linePos?.[0]
        ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}: `
        : ''
      return {
        ok: false,
        message: `${name}: not valid YAML: ${where}${first.message.split('\n')[0]}`,
      }
    }
    try {
      return { ok: true, value: doc.toJS({ maxAliasCount: 1000 }) as unknown }
    } catch (e) {
      // e.g. "Excessive alias count" (a billion-laughs document)
      return { ok: false, message: `${name}: not valid YAML: ${(e as Error).message}` }
    }
  }
  return {
    ok: false,
    message: `${name}: unknown file type "${ext || '(none)'}"; use .json, .yaml or .yml`,
  }
}

/** Reads and parses a scenario file. */
export async function readScenarioFile(path: string): Promise<ReadResult> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : (e as Error).message
    return { ok: false, message: `${path}: cannot read the scenario: ${why}` }
  }
  return parseScenarioText(text, path)
}
