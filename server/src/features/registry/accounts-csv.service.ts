/**
 * Accounts as CSV, one row per account, for spreadsheets.
 *
 * Columns (header names, any order; the header row is required):
 *   id, name, timeZone, organizationId, components, regions, csm, renewalDate,
 *   tier, monthlyFeeMinor, currency, effectiveFrom
 * `components` and `regions` are lists separated by `;`. `tier`, `monthlyFeeMinor`, `currency`
 * and `effectiveFrom` are those of the account's LATEST contract version (overrides and
 * component fees are not in the CSV: use the API or the registry document for them).
 *
 * Import (all-or-nothing; accounts not in the file are left alone):
 * - `id`, `name`, `tier`, `monthlyFeeMinor` and `currency` are required columns. A column left
 *   out of the header keeps each existing account's value (defaults for a new account); a column
 *   present with an empty cell clears the value (timeZone: back to UTC).
 * - A new id creates the account with one contract version from the row.
 * - For an existing account, the row's `effectiveFrom` chooses what happens to the contract:
 *   equal to the latest version's (or the column left out) → that version is corrected in place
 *   (tier and fee; its overrides and component fees are kept); later than it → a new version is
 *   appended, carrying the latest version's overrides and component fees; anything else is an
 *   error (earlier versions are corrected through the API).
 * - A row that changes nothing writes nothing.
 * Problems are reported per row and column: `row 7, column currency: …`; rows are counted as a
 * spreadsheet shows them (the header is row 1). One problem refuses the whole file.
 */
import type { Kysely } from 'kysely'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import {
  issue,
  parseDateOrInstant,
  type AccountContractVersion,
  type CsvImportReport,
  type ImportCounts,
  type ValidationIssue,
} from '@sla-tracker/shared'
import type { Database } from '../../db/database.js'
import { BadRequest } from '../../errors.js'
import {
  accountDraftIssues,
  draftChanges,
  draftOf,
  latestContract,
  writeAccounts,
  type AccountDraft,
  type AccountWrite,
} from './accounts.service.js'
import { engineTiers, type AccountState } from './registry.model.js'
import { loadAccountStates, loadCalendarIds, loadTierViews } from './registry.read.js'
import {
  writeRegistry,
  unprocessable,
  type RegistryActor,
  type RegistryDeps,
} from './registry.write.js'

export const CSV_COLUMNS = [
  'id',
  'name',
  'timeZone',
  'organizationId',
  'components',
  'regions',
  'csm',
  'renewalDate',
  'tier',
  'monthlyFeeMinor',
  'currency',
  'effectiveFrom',
] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]

const REQUIRED: readonly CsvColumn[] = ['id', 'name', 'tier', 'monthlyFeeMinor', 'currency']

/** An issue of a CSV import: where (row and column) and what. */
export interface CsvIssue extends ValidationIssue {
  row: number
  column?: CsvColumn
}

function csvIssue(
  row: number,
  column: CsvColumn | undefined,
  rule: string,
  message: string,
): CsvIssue {
  return {
    ...issue(column ? `row ${row}, column ${column}` : `row ${row}`, rule, message),
    row,
    ...(column ? { column } : {}),
  }
}

// ---------------------------------------------------------------------------------------------
// Export

export async function exportAccountsCsv(db: Kysely<Database>, tenantId: string): Promise<string> {
  const accounts = await loadAccountStates(db, tenantId, 'all')
  const rows = accounts.map((a) => {
    const c = latestContract(a)
    return [
      a.id,
      a.name,
      a.timeZone,
      a.organizationId === null ? '' : String(a.organizationId),
      a.components.join(';'),
      a.regions.join(';'),
      a.csm ?? '',
      a.renewalDate ?? '',
      c?.tier ?? '',
      c ? String(c.monthlyFee.amountMinor) : '',
      c?.monthlyFee.currency ?? '',
      c?.effectiveFrom ?? '',
    ]
  })
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: '\r\n' })
}

// ---------------------------------------------------------------------------------------------
// Import

interface ParsedRow {
  row: number
  cells: Partial<Record<CsvColumn, string>>
  /** Problems of the row's shape (cell count); the row is not read further. */
  issues: CsvIssue[]
}

/** Parses the text into rows keyed by column; header problems are issues on row 1. */
function parseCsv(text: string): {
  rows: ParsedRow[]
  columns: Set<CsvColumn>
  issues: CsvIssue[]
} {
  let records: { info: { lines: number }; record: string[] }[]
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { info: { lines: number }; record: string[] }[]
  } catch (e) {
    throw new BadRequest(`the body is not valid CSV: ${(e as Error).message}`)
  }
  const issues: CsvIssue[] = []
  const [head, ...body] = records
  if (!head) throw new BadRequest('the CSV is empty: it needs a header row and a row per account')
  const columns = new Set<CsvColumn>()
  const names: (CsvColumn | undefined)[] = head.record.map((raw) => {
    const name = CSV_COLUMNS.find((c) => c.toLowerCase() === raw.toLowerCase())
    if (!name) {
      issues.push(
        csvIssue(
          1,
          undefined,
          'unknown-field',
          `unknown column "${raw}"; the columns are ${CSV_COLUMNS.join(', ')}`,
        ),
      )
      return undefined
    }
    if (columns.has(name)) issues.push(csvIssue(1, name, 'unique', 'appears twice in the header'))
    columns.add(name)
    return name
  })
  for (const c of REQUIRED)
    if (!columns.has(c)) issues.push(csvIssue(1, c, 'required', 'is a required column'))
  const rows = body.map(({ info, record }): ParsedRow => {
    const row = info.lines
    const cells: ParsedRow['cells'] = {}
    names.forEach((n, i) => {
      if (n !== undefined) cells[n] = record[i] ?? ''
    })
    return {
      row,
      cells,
      issues:
        record.length === names.length
          ? []
          : [
              csvIssue(
                row,
                undefined,
                'column-count',
                `has ${record.length} cells; the header has ${names.length}`,
              ),
            ],
    }
  })
  return { rows, columns, issues }
}

const list = (cell: string): string[] =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')

function wholeNumber(
  row: number,
  column: CsvColumn,
  cell: string,
  min: number,
  issues: CsvIssue[],
): number | undefined {
  if (/^\d{1,16}$/.test(cell)) {
    const n = Number(cell)
    if (Number.isSafeInteger(n) && n >= min) return n
  }
  issues.push(
    csvIssue(
      row,
      column,
      'type',
      `"${cell}" is not a whole number${min > 0 ? ` ≥ ${min}` : ' ≥ 0'}`,
    ),
  )
  return undefined
}

/** Which column an engine issue path (under an account) belongs to. */
function columnOf(path: string): CsvColumn | undefined {
  const m = /^([A-Za-z]+)(?:\[(\d+)\])?(?:\.(.*))?$/.exec(path)
  if (!m) return undefined
  const [, head, , rest = ''] = m
  if (head === 'contracts') {
    if (rest.startsWith('monthlyFee.amountMinor')) return 'monthlyFeeMinor'
    if (rest.startsWith('monthlyFee.currency')) return 'currency'
    if (rest.startsWith('effectiveFrom')) return 'effectiveFrom'
    if (rest.startsWith('tier') || rest.startsWith('overrides')) return 'tier'
    if (rest.startsWith('componentFees')) return 'components'
    return undefined
  }
  return (CSV_COLUMNS as readonly string[]).includes(head!) ? (head as CsvColumn) : undefined
}

/** Builds the account a row describes, on top of the stored one (if any). */
function draftFromRow(
  r: ParsedRow,
  stored: AccountState | undefined,
  issues: CsvIssue[],
): AccountDraft | undefined {
  const c = r.cells
  const n = issues.length
  const has = (k: CsvColumn) => c[k] !== undefined
  const text = (k: CsvColumn) => (c[k] === undefined || c[k] === '' ? null : c[k])
  for (const k of REQUIRED)
    if (has(k) && c[k] === '') issues.push(csvIssue(r.row, k, 'required', 'must not be empty'))
  const organizationId =
    has('organizationId') && c.organizationId !== ''
      ? wholeNumber(r.row, 'organizationId', c.organizationId!, 1, issues)
      : null
  const fee =
    c.monthlyFeeMinor !== undefined && c.monthlyFeeMinor !== ''
      ? wholeNumber(r.row, 'monthlyFeeMinor', c.monthlyFeeMinor, 0, issues)
      : undefined
  if (issues.length > n) return undefined
  const base: AccountDraft = stored
    ? draftOf(stored)
    : {
        id: c.id!,
        name: c.name!,
        timeZone: 'UTC',
        organizationId: null,
        components: [],
        regions: [],
        csm: null,
        renewalDate: null,
        contracts: [],
      }
  const d: AccountDraft = {
    ...base,
    name: c.name!,
    ...(has('timeZone') ? { timeZone: text('timeZone') ?? 'UTC' } : {}),
    ...(has('organizationId') ? { organizationId: organizationId ?? null } : {}),
    ...(has('components') ? { components: list(c.components!) } : {}),
    ...(has('regions') ? { regions: list(c.regions!) } : {}),
    ...(has('csm') ? { csm: text('csm') } : {}),
    ...(has('renewalDate') ? { renewalDate: text('renewalDate') } : {}),
  }
  const monthlyFee = { amountMinor: fee!, currency: c.currency! }
  const latest = d.contracts[d.contracts.length - 1]
  const from = has('effectiveFrom') ? text('effectiveFrom') : (latest?.effectiveFrom ?? null)
  if (!latest) {
    d.contracts = [{ ...(from !== null ? { effectiveFrom: from } : {}), tier: c.tier!, monthlyFee }]
    return d
  }
  const latestFrom = latest.effectiveFrom ?? null
  if (from === latestFrom) {
    d.contracts = [...d.contracts.slice(0, -1), { ...latest, tier: c.tier!, monthlyFee }]
    return d
  }
  const prev = latestFrom === null ? -Infinity : parseDateOrInstant(latestFrom, d.timeZone)
  const next = from === null ? undefined : parseDateOrInstant(from, d.timeZone)
  if (from === null || next === undefined || prev === undefined || !(next > prev)) {
    issues.push(
      csvIssue(
        r.row,
        'effectiveFrom',
        'order',
        from === null
          ? `is empty, but the latest contract version starts ${latestFrom}: repeat that date to correct it, or give a later one to add a version`
          : next === undefined
            ? `"${from}" is not a date YYYY-MM-DD or an instant with an offset`
            : `"${from}" is before the latest contract version (${latestFrom ?? 'since always'}): give ${latestFrom === null ? 'no date' : latestFrom} to correct it or a later date to add a version; earlier versions are corrected through the API`,
      ),
    )
    return undefined
  }
  const appended: AccountContractVersion = {
    effectiveFrom: from,
    tier: c.tier!,
    monthlyFee,
    ...(latest.componentFees ? { componentFees: latest.componentFees } : {}),
    ...(latest.overrides ? { overrides: latest.overrides } : {}),
  }
  d.contracts = [...d.contracts, appended]
  return d
}

/** Imports accounts from CSV text; all-or-nothing, with a per-row error report. */
export async function importAccountsCsv(
  deps: RegistryDeps,
  who: RegistryActor,
  text: string,
): Promise<CsvImportReport> {
  const parsed = parseCsv(text)
  if (parsed.issues.length > 0) throw refuse(parsed.issues)
  return writeRegistry(deps, who, async (tx, registryRevision) => {
    const [tiers, calendarIds, stored] = await Promise.all([
      loadTierViews(tx, who.tenantId),
      loadCalendarIds(tx, who.tenantId),
      loadAccountStates(tx, who.tenantId, 'all'),
    ])
    const engine = engineTiers(tiers.values())
    const byId = new Map(stored.map((a) => [a.id, a]))
    const issues: CsvIssue[] = []
    const seen = new Map<string, number>()
    const drafts: { row: number; draft: AccountDraft }[] = []
    for (const r of parsed.rows) {
      if (r.issues.length > 0) {
        issues.push(...r.issues)
        continue
      }
      const id = r.cells.id ?? ''
      const first = seen.get(id)
      if (id !== '' && first !== undefined) {
        issues.push(csvIssue(r.row, 'id', 'unique', `account "${id}" is also on row ${first}`))
        continue
      }
      seen.set(id, r.row)
      const draft = draftFromRow(r, byId.get(id), issues)
      if (!draft) continue
      for (const x of accountDraftIssues(draft, engine, calendarIds)) {
        const column = columnOf(x.path)
        const version = /^contracts\[(\d+)\]/.exec(x.path)?.[1]
        const older =
          version !== undefined && Number(version) < draft.contracts.length - 1
            ? ` (contract version ${Number(version) + 1})`
            : ''
        issues.push(
          csvIssue(
            r.row,
            column,
            x.rule,
            column ? `${x.message}${older}` : `${x.path}: ${x.message}`,
          ),
        )
      }
      drafts.push({ row: r.row, draft })
    }
    // Organizations: unique across the file and the accounts it leaves alone.
    const holders = new Map<number, string>()
    for (const a of stored)
      if (a.organizationId !== null && !seen.has(a.id))
        holders.set(a.organizationId, `account "${a.id}"`)
    for (const { row, draft } of drafts) {
      if (draft.organizationId === null) continue
      const holder = holders.get(draft.organizationId)
      if (holder !== undefined)
        issues.push(
          csvIssue(
            row,
            'organizationId',
            'unique',
            `the Zendesk organization ${draft.organizationId} is already mapped to ${holder}; an organization maps to one account`,
          ),
        )
      else holders.set(draft.organizationId, `row ${row}`)
    }
    if (issues.length > 0) throw refuse(issues)

    const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0 }
    const writes: AccountWrite[] = []
    for (const { draft } of drafts) {
      const before = byId.get(draft.id)
      if (before && !draftChanges(before, draft)) {
        counts.unchanged++
        continue
      }
      if (before) counts.updated++
      else counts.created++
      writes.push({ before, after: draft })
    }
    await writeAccounts(tx, who, writes)
    const unchanged = writes.length === 0
    return {
      value: {
        accounts: counts,
        registryRevision: unchanged ? registryRevision - 1 : registryRevision,
      },
      recompute: writes.map((w) => w.after.id),
      unchanged,
    }
  })
}

function refuse(issues: CsvIssue[]) {
  const sorted = [...issues].sort((a, b) => a.row - b.row)
  const n = sorted.length
  return unprocessable(
    sorted,
    n === 1
      ? `${sorted[0]!.path}: ${sorted[0]!.message}; nothing was imported`
      : `the CSV was refused (${n} problems; see details): nothing was imported`,
  )
}
