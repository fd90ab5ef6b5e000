/**
 * Schemas of the registry API: request bodies, parameters, views, and the registry document
 * (import and export). Documents reuse the engine's schemas, so the API checks calendars, profiles
 * and accounts with exactly the rules (and messages) of the scenario file.
 */
import Type, { type Static, type TSchema } from 'typebox'
import {
  AccountContractVersionSchema,
  AccountSchema,
  CalendarSchema,
  ContractProfileSchema,
  DateOrInstantSchema,
  DateSchema,
  IdSchema,
  LabelSchema,
  MoneySchema,
  ScenarioCalendarSchema,
  TierSchema,
  type AccountView,
  type CalendarSummary,
  type CalendarView,
  type ContractVersionView,
  type CsvImportReport,
  type RegistryImportReport,
  type TierSummary,
  type TierView,
} from '@sla-tracker/shared'
import type { Agrees, Assert } from '../../lib/type-agreement.js'

// ---------------------------------------------------------------------------------------------
// Parameters and headers

export const IdParams = Type.Object({ id: IdSchema }, { additionalProperties: false })

export const VersionParams = Type.Object(
  {
    id: IdSchema,
    // A string, checked strictly: the query-string conversion would read "1.5" or "01" as 1.
    version: Type.String({
      pattern: '^[1-9][0-9]{0,2}$',
      errorMessage: 'must be a version number (1, 2, …)',
    }),
  },
  { additionalProperties: false },
)

/** `If-Match: "<revision>"` — optimistic concurrency on writes. */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      pattern: '^\\s*(W/)?"?[0-9]{1,9}"?\\s*$',
      errorMessage: 'must be the revision you read, in quotes: "3"',
      description:
        'The revision you read (as in the ETag). With it, the change is refused with 409 when the object has changed since.',
    }),
  ),
})

/** The revision named by If-Match (`"3"`, `W/"3"`, `3`), or undefined. */
export function ifMatchRevision(header: string | undefined): number | undefined {
  if (header === undefined) return undefined
  const m = /[0-9]+/.exec(header)
  return m ? Number(m[0]) : undefined
}

const RevisionField = Type.Optional(
  Type.Integer({
    minimum: 1,
    description:
      'The revision you read; the change is refused with 409 if the object has changed since (same as If-Match).',
  }),
)

// ---------------------------------------------------------------------------------------------
// Calendars

const Stamp = { createdAt: Type.String(), updatedAt: Type.String() }
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()])

export const CalendarSummarySchema = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  revision: Type.Integer(),
  versionCount: Type.Integer(),
  ...Stamp,
})

export const CalendarViewSchema = Type.Object(
  {
    id: Type.String(),
    name: Nullable(Type.String()),
    revision: Type.Integer(),
    ...Stamp,
    versions: Type.Array(
      Type.Object({
        version: Type.Integer(),
        effectiveFrom: Nullable(Type.String()),
        definition: CalendarSchema,
        createdAt: Type.String(),
      }),
    ),
  },
  { description: 'A business calendar with every version, oldest first.' },
)

export const CreateCalendarBody = Type.Object(
  {
    id: IdSchema,
    name: Type.Optional(LabelSchema),
    definition: CalendarSchema,
  },
  { additionalProperties: false },
)

export const CalendarVersionBody = Type.Object(
  {
    effectiveFrom: DateOrInstantSchema,
    definition: CalendarSchema,
    revision: RevisionField,
  },
  { additionalProperties: false },
)

export const CorrectCalendarVersionBody = Type.Object(
  {
    effectiveFrom: Type.Optional(DateOrInstantSchema),
    definition: CalendarSchema,
    revision: RevisionField,
  },
  { additionalProperties: false },
)

export const RenameBody = Type.Object(
  { name: Nullable(LabelSchema), revision: RevisionField },
  { additionalProperties: false },
)

/** Zendesk's wire shapes: open objects (Zendesk adds fields), only what the importer reads checked. */
export const ZendeskImportBody = Type.Object(
  {
    id: Type.Optional(IdSchema),
    name: Type.Optional(LabelSchema),
    effectiveFrom: Type.Optional(DateOrInstantSchema),
    schedule: Type.Object(
      {
        id: Type.Optional(Type.Integer()),
        name: Type.Optional(Type.String({ maxLength: 1000 })),
        time_zone: Type.String({ minLength: 1, maxLength: 100 }),
        intervals: Type.Array(
          Type.Object({ start_time: Type.Integer(), end_time: Type.Integer() }),
          { maxItems: 1000 },
        ),
      },
      {
        description:
          'The `schedule` of GET /api/v2/business_hours/schedules/{id} (other fields are ignored).',
      },
    ),
    holidays: Type.Optional(
      Type.Array(
        Type.Object({
          id: Type.Optional(Type.Integer()),
          name: Type.Optional(Type.String({ maxLength: 1000 })),
          start_date: Type.String({ maxLength: 10 }),
          end_date: Type.String({ maxLength: 10 }),
        }),
        {
          maxItems: 2000,
          description: 'The `holidays` of GET /api/v2/business_hours/schedules/{id}/holidays.',
        },
      ),
    ),
  },
  { additionalProperties: false },
)

// ---------------------------------------------------------------------------------------------
// Tiers

export const TierSummarySchema = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  revision: Type.Integer(),
  versionCount: Type.Integer(),
  accountCount: Type.Integer({ description: 'Accounts with a contract version on this tier' }),
  ...Stamp,
})

export const TierViewSchema = Type.Object(
  {
    id: Type.String(),
    name: Nullable(Type.String()),
    revision: Type.Integer(),
    ...Stamp,
    versions: Type.Array(
      Type.Object({
        version: Type.Integer(),
        effectiveFrom: Nullable(Type.String()),
        profile: ContractProfileSchema,
        createdAt: Type.String(),
      }),
    ),
  },
  { description: 'A tier template with every profile version, oldest first.' },
)

export const CreateTierBody = Type.Object(
  { id: IdSchema, name: Type.Optional(LabelSchema), profile: ContractProfileSchema },
  { additionalProperties: false },
)

export const TierVersionBody = Type.Object(
  { effectiveFrom: DateOrInstantSchema, profile: ContractProfileSchema, revision: RevisionField },
  { additionalProperties: false },
)

export const CorrectTierVersionBody = Type.Object(
  {
    effectiveFrom: Type.Optional(DateOrInstantSchema),
    profile: ContractProfileSchema,
    revision: RevisionField,
  },
  { additionalProperties: false },
)

// ---------------------------------------------------------------------------------------------
// Accounts

const CsmSchema = Type.String({ minLength: 1, maxLength: 200 })

/** Zendesk organization ids are 64-bit; the largest the API takes is exact in JSON numbers. */
export const MAX_ORGANIZATION_ID = Number.MAX_SAFE_INTEGER

export const ContractVersionViewSchema = Type.Object({
  version: Type.Integer(),
  effectiveFrom: Nullable(Type.String()),
  tier: Type.String(),
  monthlyFee: MoneySchema,
  componentFees: Type.Record(Type.String(), Type.Integer()),
  overrides: Nullable(Type.Record(Type.String(), Type.Unknown())),
})

export const AccountViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  organizationId: Nullable(Type.Integer()),
  components: Type.Array(Type.String()),
  regions: Type.Array(Type.String()),
  csm: Nullable(Type.String()),
  renewalDate: Nullable(Type.String()),
  revision: Type.Integer({ description: 'Moves on with every change; send it back in If-Match.' }),
  ...Stamp,
  currentTier: Nullable(Type.String({ description: 'The tier of the contract in force now' })),
  contracts: Type.Array(ContractVersionViewSchema),
})

export const CreateAccountBody = Type.Object(
  {
    ...AccountSchema.properties,
    csm: Type.Optional(CsmSchema),
    renewalDate: Type.Optional(DateSchema),
  },
  { additionalProperties: false },
)

export const PatchAccountBody = Type.Object(
  {
    name: Type.Optional(LabelSchema),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    organizationId: Type.Optional(
      Nullable(Type.Integer({ minimum: 1, maximum: MAX_ORGANIZATION_ID })),
    ),
    components: Type.Optional(Type.Array(IdSchema, { maxItems: 200 })),
    regions: Type.Optional(Type.Array(IdSchema, { maxItems: 100 })),
    csm: Type.Optional(Nullable(CsmSchema)),
    renewalDate: Type.Optional(Nullable(DateSchema)),
    revision: RevisionField,
  },
  { additionalProperties: false },
)

export const ContractVersionBody = Type.Object(
  { ...AccountContractVersionSchema.properties, revision: RevisionField },
  { additionalProperties: false },
)

export const AccountListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    tier: Type.Optional(IdSchema),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    organizationId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ORGANIZATION_ID })),
  },
  { additionalProperties: false },
)

// ---------------------------------------------------------------------------------------------
// The registry document (import and export)

/** Scenario keys accepted (and ignored) by an import, so a scenario file imports as it is. */
export const SCENARIO_ONLY_KEYS = [
  'name',
  'description',
  'now',
  'period',
  'tickets',
  'incidents',
  'maintenance',
] as const

export const LaterCalendarVersionSchema = Type.Object(
  { effectiveFrom: DateOrInstantSchema, definition: CalendarSchema },
  { additionalProperties: false },
)

/**
 * A calendar as in a scenario file (its first version's definition inline), plus the later
 * versions, if any, in `laterVersions`.
 */
export const RegistryCalendarSchema = Type.Object(
  {
    ...ScenarioCalendarSchema.properties,
    laterVersions: Type.Optional(Type.Array(LaterCalendarVersionSchema, { maxItems: 199 })),
  },
  { additionalProperties: false },
)

/** An account as in a scenario file, plus the CSM and renewal date. */
export const RegistryAccountSchema = CreateAccountBody

/** The top level; each list's items are checked one by one for a per-item report. */
export const RegistryTopLevelSchema = Type.Object(
  {
    calendars: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1000 })),
    tiers: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1000 })),
    accounts: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100_000 })),
    ...Object.fromEntries(SCENARIO_ONLY_KEYS.map((k) => [k, Type.Optional(Type.Unknown())])),
  },
  { additionalProperties: false },
)

export const RegistryDocumentSchema = Type.Object(
  {
    'x-exported': Type.Optional(
      Type.Object(
        { at: Type.String(), registryRevision: Type.Integer() },
        { description: 'Set by the export: when, and at which registry revision' },
      ),
    ),
    calendars: Type.Array(RegistryCalendarSchema),
    tiers: Type.Array(TierSchema),
    accounts: Type.Array(RegistryAccountSchema),
  },
  {
    description:
      'The whole registry in the scenario file\'s shapes (docs/scenario-format.md): add `now` (and tickets) and it is a scenario, once `laterVersions`, `csm` and `renewalDate` are removed. Top-level keys starting with "x-" are ignored on import.',
  },
)

export const ImportModeQuery = Type.Object(
  {
    mode: Type.Optional(
      Type.Enum(['upsert', 'replace'], {
        description:
          '`upsert` (default): items in the document are created or replaced by id; others are kept. `replace`: the registry becomes the document; items not in it are deleted.',
      }),
    ),
  },
  { additionalProperties: false },
)

const Counts = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  deleted: Type.Integer(),
})

export const ImportReportSchema = Type.Object({
  mode: Type.Enum(['upsert', 'replace']),
  calendars: Counts,
  tiers: Counts,
  accounts: Counts,
  ignored: Type.Array(Type.String(), {
    description: 'Top-level keys read and ignored (scenario-only keys)',
  }),
  registryRevision: Type.Integer(),
})

export const CsvImportReportSchema = Type.Object({
  accounts: Counts,
  registryRevision: Type.Integer(),
})

/** Compile-time: the response schemas and the shared response types (the app reads) agree. */
export type ResponseTypesAgree = [
  Assert<Agrees<Static<typeof CalendarSummarySchema>, CalendarSummary>>,
  Assert<Agrees<Static<typeof CalendarViewSchema>, CalendarView>>,
  Assert<Agrees<Static<typeof TierSummarySchema>, TierSummary>>,
  Assert<Agrees<Static<typeof TierViewSchema>, TierView>>,
  Assert<Agrees<Static<typeof ContractVersionViewSchema>, ContractVersionView>>,
  Assert<Agrees<Static<typeof AccountViewSchema>, AccountView>>,
  Assert<Agrees<Static<typeof ImportReportSchema>, RegistryImportReport>>,
  Assert<Agrees<Static<typeof CsvImportReportSchema>, CsvImportReport>>,
]
