/**
 * Triggers of one account (OAS `TriggerObject`). Stored and served only: the simulator does not
 * evaluate them (ticket-change webhooks are driven by `acct.webhookDelivery`).
 */
import { ID_BASE, Sequence } from '../util/ids.js'
import { toIso } from '../util/time.js'

export interface TriggerCondition {
  field: string
  operator: string
  value?: unknown
}

export interface TriggerAction {
  field: string
  value: unknown
}

export interface TriggerInput {
  id?: number
  title: string
  actions: TriggerAction[]
  conditions?: { all?: TriggerCondition[]; any?: TriggerCondition[] }
  active?: boolean
  description?: string | null
  categoryId?: string | null
  at?: number
}

export interface WireTrigger {
  url: string
  id: number
  title: string
  raw_title: string
  active: boolean
  actions: TriggerAction[]
  conditions: { all: TriggerCondition[]; any: TriggerCondition[] }
  description: string | null
  position: number
  default: boolean
  category_id: string | null
  created_at: string
  updated_at: string
}

export class TriggerStore {
  private readonly triggers = new Map<number, WireTrigger>()
  private readonly ids = new Sequence(ID_BASE.trigger)

  constructor(
    private readonly apiBase: string,
    private readonly clock: () => number,
  ) {}

  add(input: TriggerInput): WireTrigger {
    const id = this.ids.take(input.id)
    const at = toIso(input.at ?? this.clock())
    const trigger: WireTrigger = {
      url: `${this.apiBase}/api/v2/triggers/${id}.json`,
      id,
      title: input.title,
      raw_title: input.title,
      active: input.active ?? true,
      actions: structuredClone(input.actions),
      conditions: {
        all: structuredClone(input.conditions?.all ?? []),
        any: structuredClone(input.conditions?.any ?? []),
      },
      description: input.description ?? null,
      position: this.triggers.size + 1,
      default: false,
      category_id: input.categoryId ?? null,
      created_at: at,
      updated_at: at,
    }
    this.triggers.set(id, trigger)
    return structuredClone(trigger)
  }

  update(id: number, patch: Partial<TriggerInput>): WireTrigger | undefined {
    const trigger = this.triggers.get(id)
    if (!trigger) return undefined
    if (patch.title !== undefined) {
      trigger.title = patch.title
      trigger.raw_title = patch.title
    }
    if (patch.actions !== undefined) trigger.actions = structuredClone(patch.actions)
    if (patch.conditions !== undefined) {
      trigger.conditions = {
        all: structuredClone(patch.conditions.all ?? []),
        any: structuredClone(patch.conditions.any ?? []),
      }
    }
    if (patch.active !== undefined) trigger.active = patch.active
    if (patch.description !== undefined) trigger.description = patch.description
    if (patch.categoryId !== undefined) trigger.category_id = patch.categoryId
    trigger.updated_at = toIso(patch.at ?? this.clock())
    return structuredClone(trigger)
  }

  get(id: number): WireTrigger | undefined {
    const trigger = this.triggers.get(id)
    return trigger ? structuredClone(trigger) : undefined
  }

  list(): WireTrigger[] {
    return [...this.triggers.values()].map((t) => structuredClone(t))
  }
}
