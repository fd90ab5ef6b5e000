/**
 * Import and export as data: which request an import makes (route, media type, mode), what an
 * export is saved as, and the problems of a refused import as table rows.
 */
import type { ImportMode, ValidationIssue } from '@sla-tracker/shared'

export type ImportKind = 'registry' | 'accounts-csv'
/** How an import writes (the service's `mode`). */
export type { ImportMode }
export type ExportKind = 'json' | 'yaml' | 'csv'

/** JSON or YAML: by the file's extension, else by the text (a JSON document starts with `{`). */
export function registryContentType(
  text: string,
  fileName?: string | null,
): 'application/json' | 'application/yaml' {
  const ext = fileName?.toLowerCase().split('.').pop()
  if (ext === 'json') return 'application/json'
  if (ext === 'yaml' || ext === 'yml') return 'application/yaml'
  return text.trimStart().startsWith('{') ? 'application/json' : 'application/yaml'
}

export interface ImportRequest {
  path: string
  contentType: string
}

export function importRequestOf(
  kind: ImportKind,
  mode: ImportMode,
  text: string,
  fileName?: string | null,
): ImportRequest {
  if (kind === 'accounts-csv')
    return { path: '/api/v1/accounts/import.csv', contentType: 'text/csv' }
  return {
    path: `/api/v1/registry/import?mode=${mode}`,
    contentType: registryContentType(text, fileName),
  }
}

export interface ExportSpec {
  path: string
  fileName: string
  mediaType: string
}

export function exportSpecOf(kind: ExportKind, date: string): ExportSpec {
  switch (kind) {
    case 'json':
      return {
        path: '/api/v1/registry?format=json',
        fileName: `registry-${date}.json`,
        mediaType: 'application/json',
      }
    case 'yaml':
      return {
        path: '/api/v1/registry?format=yaml',
        fileName: `registry-${date}.yaml`,
        mediaType: 'application/yaml',
      }
    case 'csv':
      return {
        path: '/api/v1/accounts.csv',
        fileName: `accounts-${date}.csv`,
        mediaType: 'text/csv',
      }
  }
}

export interface ProblemRow {
  /** `accounts[3].contracts[0].tier`, `row 7, column currency`; empty for the whole document. */
  where: string
  message: string
}

/**
 * Every problem the service listed; its message alone when it listed none. `textOf` writes an
 * issue's message for the admin (see `issueText`); by default the message as it came.
 */
export function problemRows(
  error: {
    message: string
    issues: readonly ValidationIssue[]
  },
  textOf: (issue: ValidationIssue) => string = (i) => i.message,
): ProblemRow[] {
  if (error.issues.length === 0) return [{ where: '', message: error.message }]
  return error.issues.map((i) => ({ where: i.path, message: textOf(i) }))
}
