/**
 * Request and response schemas of incidents and maintenance windows: the scenario's fields
 * (docs/scenario-format.md, "incidents[]" and "maintenance[]"), with ids optional on create.
 */
import Type, { type Static } from 'typebox'
import {
  DecimalSchema,
  ExclusionKindSchema,
  IdSchema,
  ImpactSchema,
  InstantSchema,
  LabelSchema,
  ScenarioIncidentSchema,
  ScenarioMaintenanceSchema,
  type AffectedAccount,
  type ExclusionKind,
  type Impact,
  type IncidentView,
  type MaintenanceView,
  type Recomputed,
} from '@sla-tracker/shared'
import type { Agrees, Assert } from '../../lib/type-agreement.js'

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T, what: string) =>
  Type.Union([t, Type.Null()], { errorMessage: `must be ${what} or null` })

const Components = Type.Array(IdSchema, { minItems: 1, maxItems: 100 })
const Regions = Type.Array(IdSchema, { maxItems: 100 })

export const IncidentCreateSchema = Type.Object(
  { ...ScenarioIncidentSchema.properties, id: Type.Optional(IdSchema) },
  { additionalProperties: false },
)

export interface IncidentInput {
  id?: string
  title?: string | null
  components: string[]
  regions?: string[] | null
  impact: Impact
  start: string
  end?: string | null
  errorRatePercent?: string | number | null
  exclusion?: ExclusionKind | null
  excludedFor?: string[] | null
}

export const IncidentPatchSchema = Type.Object(
  {
    title: Type.Optional(nullable(LabelSchema, 'a label')),
    components: Type.Optional(Components),
    regions: Type.Optional(nullable(Regions, 'a list of regions')),
    impact: Type.Optional(ImpactSchema),
    start: Type.Optional(InstantSchema),
    end: Type.Optional(nullable(InstantSchema, 'an instant (null: ongoing)')),
    errorRatePercent: Type.Optional(nullable(DecimalSchema, 'a decimal')),
    exclusion: Type.Optional(nullable(ExclusionKindSchema, 'an exclusion kind')),
    excludedFor: Type.Optional(nullable(Type.Array(IdSchema, { maxItems: 1000 }), 'account ids')),
  },
  { additionalProperties: false, minProperties: 1 },
)

export type IncidentPatch = Partial<Omit<IncidentInput, 'id'>>

export const ResolveSchema = Type.Object(
  { end: Type.Optional(InstantSchema) },
  { additionalProperties: false },
)

export const MaintenanceCreateSchema = Type.Object(
  { ...ScenarioMaintenanceSchema.properties, id: Type.Optional(IdSchema) },
  { additionalProperties: false },
)

export interface MaintenanceInput {
  id?: string
  title?: string | null
  components: string[]
  regions?: string[] | null
  start: string
  end: string
  announcedAt?: string | null
  emergency?: boolean
  impact?: Impact
}

export const MaintenancePatchSchema = Type.Object(
  {
    title: Type.Optional(nullable(LabelSchema, 'a label')),
    components: Type.Optional(Components),
    regions: Type.Optional(nullable(Regions, 'a list of regions')),
    start: Type.Optional(InstantSchema),
    end: Type.Optional(InstantSchema),
    announcedAt: Type.Optional(nullable(InstantSchema, 'an instant (null: not announced)')),
    emergency: Type.Optional(Type.Boolean()),
    impact: Type.Optional(ImpactSchema),
  },
  { additionalProperties: false, minProperties: 1 },
)

export type MaintenancePatch = Partial<Omit<MaintenanceInput, 'id'>>

export const IdParams = Type.Object({ id: IdSchema }, { additionalProperties: false })

export const ListQuerySchema = Type.Object(
  {
    from: Type.Optional(InstantSchema),
    to: Type.Optional(InstantSchema),
    open: Type.Optional(Type.Boolean()),
    component: Type.Optional(IdSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    include: Type.Optional(
      Type.Enum(['affectedAccounts'], {
        description: '`affectedAccounts`: each item carries the accounts it affects',
      }),
    ),
  },
  { additionalProperties: false },
)

export const IncidentViewSchema = Type.Object({
  id: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  components: Type.Array(Type.String()),
  regions: Type.Array(Type.String()),
  impact: Type.String(),
  start: Type.String(),
  end: Type.Union([Type.String(), Type.Null()]),
  errorRatePercent: Type.Union([Type.String(), Type.Null()]),
  exclusion: Type.Union([Type.String(), Type.Null()]),
  excludedFor: Type.Array(Type.String()),
  ongoing: Type.Boolean({ description: 'Started and not ended at the service clock' }),
  revision: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

export const MaintenanceViewSchema = Type.Object({
  id: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  components: Type.Array(Type.String()),
  regions: Type.Array(Type.String()),
  impact: Type.String(),
  start: Type.String(),
  end: Type.String(),
  announcedAt: Type.Union([Type.String(), Type.Null()]),
  emergency: Type.Boolean(),
  status: Type.Enum(['scheduled', 'in-progress', 'ended']),
  revision: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

export const AffectedAccountsSchema = Type.Array(
  Type.Object({ id: Type.String(), name: Type.String() }),
  { description: 'Accounts using a component it affects, in a region it affects' },
)

export const RecomputedSchema = Type.Object({
  accounts: Type.Array(Type.String(), {
    description: 'Accounts whose months were recomputed, in the same transaction',
  }),
})

/** Compile-time: the response schemas and the shared response types (the app reads) agree. */
export type ResponseTypesAgree = [
  Assert<Agrees<Static<typeof IncidentViewSchema>, IncidentView>>,
  Assert<Agrees<Static<typeof MaintenanceViewSchema>, MaintenanceView>>,
  Assert<Agrees<Static<typeof AffectedAccountsSchema>, AffectedAccount[]>>,
  Assert<Agrees<Static<typeof RecomputedSchema>, Recomputed>>,
]
