/**
 * Ticket fields (the system fields every account has, plus custom ones) and organization fields
 * (OAS `TicketFieldObject`, `CustomFieldObject`). Dropdown/tagger option values and checkbox tags
 * are what Zendesk mirrors into ticket tags.
 */
import type {
  FieldOptionInput,
  OrganizationFieldInput,
  TicketFieldInput,
  WireFieldOption,
  WireOrganizationField,
  WireTicketField,
} from '../types.js'
import { ID_BASE, Sequence } from '../util/ids.js'
import { toIso } from '../util/time.js'

const SYSTEM_TICKET_FIELDS: readonly [type: string, title: string][] = [
  ['subject', 'Subject'],
  ['description', 'Description'],
  ['status', 'Status'],
  ['tickettype', 'Type'],
  ['priority', 'Priority'],
  ['group', 'Group'],
  ['assignee', 'Assignee'],
]

export const OPTION_FIELD_TYPES = new Set(['tagger', 'dropdown', 'multiselect'])

export class FieldCatalog {
  private readonly ticketFields = new Map<number, WireTicketField>()
  private readonly organizationFields = new Map<number, WireOrganizationField>()
  private readonly ticketFieldIds = new Sequence(ID_BASE.ticketField)
  private readonly organizationFieldIds = new Sequence(ID_BASE.organizationField)
  private readonly optionIds = new Sequence(ID_BASE.fieldOption)

  constructor(
    private readonly apiBase: string,
    private readonly clock: () => number,
  ) {
    for (const [type, title] of SYSTEM_TICKET_FIELDS) {
      const field = this.buildTicketField({ type, title })
      field.removable = false
      this.ticketFields.set(field.id, field)
    }
  }

  addTicketField(input: TicketFieldInput): WireTicketField {
    if (input.id !== undefined && this.ticketFields.has(input.id)) {
      throw new Error(`ticket field ${input.id} exists`)
    }
    const field = this.buildTicketField(input)
    this.ticketFields.set(field.id, field)
    return structuredClone(field)
  }

  addOrganizationField(input: OrganizationFieldInput): WireOrganizationField {
    const id = this.organizationFieldIds.take(input.id)
    const at = toIso(input.at ?? this.clock())
    const field: WireOrganizationField = {
      url: `${this.apiBase}/api/v2/organization_fields/${id}.json`,
      id,
      key: input.key,
      type: input.type,
      title: input.title,
      raw_title: input.title,
      description: input.description ?? '',
      raw_description: input.description ?? '',
      position: this.organizationFields.size,
      active: true,
      system: false,
      regexp_for_validation: null,
      created_at: at,
      updated_at: at,
    }
    if (input.customFieldOptions)
      field.custom_field_options = this.options(input.customFieldOptions)
    this.organizationFields.set(id, field)
    return structuredClone(field)
  }

  listTicketFields(): WireTicketField[] {
    return [...this.ticketFields.values()].map((f) => structuredClone(f))
  }

  listOrganizationFields(): WireOrganizationField[] {
    return [...this.organizationFields.values()].map((f) => structuredClone(f))
  }

  /** Custom (removable) ticket fields: the ones a ticket's `custom_fields` lists. */
  customTicketFields(): WireTicketField[] {
    return [...this.ticketFields.values()].filter((f) => f.removable)
  }

  ticketField(id: number): WireTicketField | undefined {
    return this.ticketFields.get(id)
  }

  private buildTicketField(input: TicketFieldInput): WireTicketField {
    const id = this.ticketFieldIds.take(input.id)
    const at = toIso(input.at ?? this.clock())
    const field: WireTicketField = {
      url: `${this.apiBase}/api/v2/ticket_fields/${id}.json`,
      id,
      type: input.type,
      title: input.title,
      raw_title: input.title,
      description: input.description ?? '',
      raw_description: input.description ?? '',
      position: this.ticketFields.size + 1,
      active: true,
      required: false,
      collapsed_for_agents: false,
      regexp_for_validation: null,
      title_in_portal: input.title,
      raw_title_in_portal: input.title,
      visible_in_portal: false,
      editable_in_portal: false,
      required_in_portal: false,
      tag: input.tag ?? null,
      created_at: at,
      updated_at: at,
      removable: true,
      key: input.key ?? null,
      agent_description: null,
    }
    if (OPTION_FIELD_TYPES.has(input.type)) {
      field.custom_field_options = this.options(input.customFieldOptions ?? [])
    }
    return field
  }

  private options(inputs: FieldOptionInput[]): WireFieldOption[] {
    return inputs.map((o, position) => ({
      id: this.optionIds.take(),
      name: o.name,
      raw_name: o.name,
      value: o.value,
      position,
      default: false,
    }))
  }
}
