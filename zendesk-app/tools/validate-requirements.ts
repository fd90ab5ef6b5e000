/**
 * requirements.json rules.
 *
 * Zendesk's (ZAS `validations/requirements.rb`, reference §1.5): known top-level types, no
 * duplicate keys anywhere, a `title` on every requirement except channel integrations, custom
 * objects and webhooks, `key` on user and organization fields, the webhook's required keys, no
 * URL/HTTP targets, at most 5000 requirements, one channel integration, 50 custom objects.
 *
 * Zendesk's API rules for business rules (OpenAPI "Create Automation" / "Create View" and the
 * conditions reference): an automation needs a time-based condition and a status/type/group/
 * assignee/requester condition in `all`, and an action that nullifies one of its conditions; a
 * view needs such a condition in `all` and at most 10 columns; time-based conditions only in `all`.
 *
 * Ours (the service's contract): every ticket field, tag, organization field and the webhook the
 * service relies on is present with the exact names it looks for; no webhook carries a signing
 * secret; no rule hard-codes an id (ids differ per account) or changes priority (which
 * re-targets the SLA clocks).
 */
import { scanJson } from './json-scan.js'
import {
  Findings,
  childPath,
  isObject,
  show,
  type JsonObject,
  type ValidationResult,
} from './problems.js'

const FILE = 'requirements.json'

export const REQUIREMENT_TYPES = [
  'automations',
  'channel_integrations',
  'custom_objects',
  'custom_objects_v2',
  'macros',
  'organization_fields',
  'targets',
  'ticket_fields',
  'triggers',
  'user_fields',
  'views',
  'webhooks',
] as const
export const MAX_REQUIREMENTS = 5000
export const MAX_CUSTOM_OBJECTS = 50
export const MAX_VIEW_COLUMNS = 10
const UNTITLED_TYPES = ['channel_integrations', 'custom_objects', 'webhooks', 'custom_objects_v2']
const WEBHOOK_KEYS = ['name', 'status', 'endpoint', 'http_method', 'request_format']
const DISCONTINUED_TARGETS = ['http_target', 'url_target_v2']

/** Conditions on hours elapsed (automations and views only, `all` only). */
export const TIME_CONDITION_FIELDS = new Set([
  'NEW',
  'OPEN',
  'PENDING',
  'HOLD',
  'SOLVED',
  'CLOSED',
  'assigned_at',
  'updated_at',
  'requester_updated_at',
  'assignee_updated_at',
  'due_date',
  'until_due_date',
  'sla_next_breach_at',
  'until_sla_next_breach_at',
])
/** One of these must be checked in `all` by an automation or a view (Zendesk's API refuses it otherwise). */
const SCOPING_FIELDS = ['status', 'type', 'group_id', 'assignee_id', 'requester_id']
/** Fields whose values are account-specific ids. */
const ID_FIELDS = new Set([
  'group_id',
  'assignee_id',
  'requester_id',
  'submitter_id',
  'organization_id',
  'brand_id',
  'ticket_form_id',
  'custom_status_id',
  'locale_id',
  'schedule_id',
])
/** Actions whose first value is an account-specific id. */
const ID_FIRST_ACTIONS = new Set([
  'notification_group',
  'notification_target',
  'notification_webhook',
  'set_schedule',
])

/** What the service writes back and looks up; server/src/features/zendesk/zendesk-names.ts holds the same names. */
export const SERVICE_CONTRACT = {
  ticketFields: {
    sla_state: {
      type: 'tagger',
      title: 'SLA state',
      options: ['sla_state_ok', 'sla_state_at_risk', 'sla_state_breached'],
    },
    sla_next_due: { type: 'text', title: 'SLA next due (UTC)' },
    sla_tier: { type: 'text', title: 'SLA tier' },
    sla_credit_exposure: {
      type: 'checkbox',
      title: 'SLA credit exposure',
      tag: 'sla_credit_exposure',
    },
  },
  organizationFields: { sla_contract_tier: { type: 'text', key: 'sla_contract_tier' } },
  webhook: {
    identifier: 'sla_tracker_events',
    name: 'SLA Compliance Tracker',
    http_method: 'POST',
    request_format: 'json',
    subscription: 'conditional_ticket_events',
  },
} as const

interface ServiceField {
  readonly type: string
  readonly title: string
  readonly options?: readonly string[]
  readonly tag?: string
}

/** Checks the text of requirements.json. */
export function validateRequirements(text: string): ValidationResult {
  const f = new Findings(FILE)
  const scan = scanJson(text)
  if (!scan.ok) {
    f.error(
      '',
      'requirements_not_json',
      `${scan.message} (line ${scan.line}, column ${scan.column})`,
    )
    return f.result()
  }
  if (scan.duplicates.length > 0) {
    // ZAS stops at a duplicate key: the rest of the file is not read.
    for (const d of scan.duplicates)
      f.error(
        childPath(d.path, d.key),
        'duplicate_requirements',
        `key ${show(d.key)} appears more than once in ${d.path === '' ? 'the root object' : d.path} (again at line ${d.line}, column ${d.column})`,
      )
    return f.result()
  }
  const root = scan.value
  if (!isObject(root)) {
    f.error('', 'requirements_not_json_object', 'requirements.json must hold a JSON object')
    return f.result()
  }
  const groups = readGroups(f, root)
  checkStructure(f, root, groups)
  checkBusinessRules(f, groups)
  checkServiceContract(f, groups)
  return f.result()
}

type Groups = ReadonlyMap<string, readonly [string, JsonObject][]>

/**
 * Every requirement type that maps identifiers to resource bodies, as [identifier, body] pairs;
 * a malformed group or entry is reported once here. (Custom objects have their own shape.)
 */
function readGroups(f: Findings, root: JsonObject): Groups {
  const groups = new Map<string, [string, JsonObject][]>()
  for (const [type, group] of Object.entries(root)) {
    if (type === 'custom_objects' || type === 'custom_objects_v2') continue
    if (!isObject(group)) {
      f.error(type, 'invalid_requirement', `\`${type}\` must be an object of identifier → resource`)
      continue
    }
    const entries: [string, JsonObject][] = []
    for (const [id, body] of Object.entries(group)) {
      if (isObject(body)) entries.push([id, body])
      // ZAS skips a null body; anything else is not a resource.
      else if (body !== null)
        f.error(childPath(type, id), 'invalid_requirement', 'a requirement must be an object')
    }
    groups.set(type, entries)
  }
  return groups
}

const entriesOf = (groups: Groups, type: string) => groups.get(type) ?? []

function checkStructure(f: Findings, root: JsonObject, groups: Groups): void {
  for (const type of Object.keys(root))
    if (!(REQUIREMENT_TYPES as readonly string[]).includes(type))
      f.error(
        type,
        'invalid_requirements_types',
        `${show(type)} is not a requirement type (${REQUIREMENT_TYPES.join(', ')})`,
      )

  const count = Object.values(root).reduce<number>(
    (n, group) => n + (isObject(group) ? Object.values(group).flat().length : 1),
    0,
  )
  if (count > MAX_REQUIREMENTS)
    f.error(
      '',
      'excessive_requirements',
      `${count} requirements: at most ${MAX_REQUIREMENTS} are allowed`,
    )

  for (const type of REQUIREMENT_TYPES) {
    if (UNTITLED_TYPES.includes(type)) continue
    for (const [id, body] of entriesOf(groups, type))
      if (!('title' in body))
        f.error(
          childPath(childPath(type, id), 'title'),
          'missing_required_fields',
          `${type} ${show(id)} needs a title`,
        )
  }
  for (const type of ['user_fields', 'organization_fields'])
    for (const [id, body] of entriesOf(groups, type))
      if (!('key' in body))
        f.error(
          childPath(childPath(type, id), 'key'),
          'missing_required_fields',
          `${type} ${show(id)} needs a key`,
        )

  const channels = entriesOf(groups, 'channel_integrations')
  if (channels.length > 1)
    f.error(
      'channel_integrations',
      'multiple_channel_integrations',
      'an app can install at most one channel integration',
    )
  for (const [id, body] of channels)
    if (!('manifest_url' in body))
      f.error(
        childPath(`channel_integrations.${id}`, 'manifest_url'),
        'missing_required_fields',
        'a channel integration needs a manifest_url',
      )

  for (const [id, body] of entriesOf(groups, 'webhooks'))
    for (const key of WEBHOOK_KEYS)
      if (!(key in body))
        f.error(
          childPath(`webhooks.${id}`, key),
          'missing_required_fields',
          `webhook ${show(id)} needs \`${key}\``,
        )

  for (const [id, body] of entriesOf(groups, 'targets'))
    if (typeof body['type'] === 'string' && DISCONTINUED_TARGETS.includes(body['type']))
      f.error(
        `targets.${id}.type`,
        'invalid_requirements_types',
        `${show(body['type'])} targets are discontinued: use a webhook`,
      )

  checkCustomObjects(f, root)
}

function checkCustomObjects(f: Findings, root: JsonObject): void {
  const co = root['custom_objects']
  if (isObject(co)) {
    const total = Object.values(co).flat().length
    if (total > MAX_CUSTOM_OBJECTS)
      f.error(
        'custom_objects',
        'excessive_custom_objects_requirements',
        `${total} custom objects: at most ${MAX_CUSTOM_OBJECTS}`,
      )
    if (!('custom_object_types' in co))
      f.error(
        'custom_objects.custom_object_types',
        'missing_required_fields',
        'custom_objects needs custom_object_types',
      )
    const schema: Record<string, string[]> = {
      custom_object_types: ['key', 'schema'],
      custom_object_relationship_types: ['key', 'source', 'target'],
    }
    for (const [type, keys] of Object.entries(schema)) {
      const list = co[type]
      if (!Array.isArray(list)) continue
      list.forEach((item: unknown, i) => {
        for (const key of keys)
          if (!isObject(item) || !(key in item))
            f.error(
              childPath(childPath(`custom_objects.${type}`, i), key),
              'missing_required_fields',
              `${type} entries need \`${key}\``,
            )
      })
    }
  }
  const v2 = root['custom_objects_v2']
  if (isObject(v2)) {
    const required: [string, string[]][] = [
      ['objects', ['key', 'include_in_list_view', 'title', 'title_pluralized']],
      ['object_triggers', ['key', 'title', 'conditions', 'actions']],
    ]
    for (const [list, keys] of required) {
      const items = v2[list]
      if (!Array.isArray(items)) continue
      items.forEach((item: unknown, i) => {
        for (const key of keys)
          if (!isObject(item) || !(key in item))
            f.error(
              childPath(childPath(`custom_objects_v2.${list}`, i), key),
              'missing_required_fields',
              `${list} entries need \`${key}\``,
            )
      })
    }
  }
}

interface Condition {
  readonly field: unknown
  readonly operator: unknown
  readonly value: unknown
  readonly path: string
}

/** A rule's conditions, from `conditions.all/any` or the create-body form `all/any`. */
function conditionsOf(body: JsonObject, path: string): { all: Condition[]; any: Condition[] } {
  const read = (list: unknown, listPath: string): Condition[] =>
    Array.isArray(list)
      ? list.map((c: unknown, i) => {
          const o = isObject(c) ? c : {}
          return {
            field: o['field'],
            operator: o['operator'],
            value: o['value'],
            path: childPath(listPath, i),
          }
        })
      : []
  const nested = isObject(body['conditions']) ? body['conditions'] : {}
  return {
    all: [...read(nested['all'], `${path}.conditions.all`), ...read(body['all'], `${path}.all`)],
    any: [...read(nested['any'], `${path}.conditions.any`), ...read(body['any'], `${path}.any`)],
  }
}

interface Action {
  readonly field: unknown
  readonly value: unknown
  readonly path: string
}

function actionsOf(body: JsonObject, path: string): Action[] {
  const list = body['actions']
  return Array.isArray(list)
    ? list.map((a: unknown, i) => {
        const o = isObject(a) ? a : {}
        return { field: o['field'], value: o['value'], path: childPath(`${path}.actions`, i) }
      })
    : []
}

const tagsOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? value.split(/\s+/).filter((t) => t !== '')
    : Array.isArray(value)
      ? value.filter((t): t is string => typeof t === 'string')
      : []
const overlaps = (a: readonly string[], b: readonly string[]) => a.some((t) => b.includes(t))
const isIdValue = (value: unknown) =>
  (typeof value === 'number' && Number.isInteger(value)) ||
  (typeof value === 'string' && /^\d+$/.test(value))

/** Whether an action makes one of the `all` conditions false, so the automation fires once. */
function nullifies(action: Action, all: readonly Condition[]): boolean {
  const added = tagsOf(action.value)
  return all.some((c) => {
    if (c.field === 'current_tags') {
      const tags = tagsOf(c.value)
      if (c.operator === 'not_includes')
        return (
          (action.field === 'current_tags' || action.field === 'set_tags') && overlaps(added, tags)
        )
      if (c.operator === 'includes')
        return (
          (action.field === 'remove_tags' && overlaps(added, tags)) ||
          (action.field === 'set_tags' && tags.some((t) => !added.includes(t)))
        )
      return false
    }
    // Changing a field the automation checks (e.g. status) ends the match.
    return (
      typeof c.field === 'string' && !TIME_CONDITION_FIELDS.has(c.field) && action.field === c.field
    )
  })
}

function checkBusinessRules(f: Findings, groups: Groups): void {
  for (const type of ['triggers', 'automations', 'views', 'macros']) {
    for (const [id, body] of entriesOf(groups, type)) {
      const path = `${type}.${id}`
      const { all, any } = conditionsOf(body, path)
      const actions = actionsOf(body, path)

      for (const c of [...all, ...any]) {
        if (typeof c.field === 'string' && /^custom_fields_\d+$/.test(c.field))
          f.error(
            childPath(c.path, 'field'),
            'hard_coded_id',
            `${show(c.field)} names a field by its id, which differs per account: match its tag instead`,
          )
        else if (typeof c.field === 'string' && ID_FIELDS.has(c.field) && isIdValue(c.value))
          f.error(
            childPath(c.path, 'value'),
            'hard_coded_id',
            `${c.field} ${show(c.value)} is an id, which differs per account`,
          )
      }
      for (const a of actions) {
        const first = Array.isArray(a.value) ? (a.value as unknown[])[0] : a.value
        if (typeof a.field === 'string' && /^custom_fields_\d+$/.test(a.field))
          f.error(
            childPath(a.path, 'field'),
            'hard_coded_id',
            `${show(a.field)} names a field by its id, which differs per account`,
          )
        else if (
          typeof a.field === 'string' &&
          (ID_FIELDS.has(a.field) || ID_FIRST_ACTIONS.has(a.field)) &&
          isIdValue(first)
        )
          f.error(
            childPath(a.path, 'value'),
            'hard_coded_id',
            `${a.field} ${show(first)} is an id, which differs per account`,
          )
        if (a.field === 'priority')
          f.error(
            childPath(a.path, 'field'),
            'sets_priority',
            'a rule installed by the app must not change the priority: it re-targets the SLA clocks',
          )
      }

      if (type === 'automations' || type === 'views') {
        for (const c of any)
          if (typeof c.field === 'string' && TIME_CONDITION_FIELDS.has(c.field))
            f.error(
              childPath(c.path, 'field'),
              'time_condition_in_any',
              `time-based condition ${c.field} is allowed only in \`all\``,
            )
        if (!all.some((c) => typeof c.field === 'string' && SCOPING_FIELDS.includes(c.field)))
          f.error(
            path,
            type === 'views'
              ? 'view_missing_required_condition'
              : 'automation_missing_required_condition',
            `\`all\` needs a condition on one of ${SCOPING_FIELDS.join(', ')}`,
          )
      }
      if (type === 'automations') {
        if (!all.some((c) => typeof c.field === 'string' && TIME_CONDITION_FIELDS.has(c.field)))
          f.error(
            path,
            'automation_missing_time_condition',
            'an automation needs a time-based condition (e.g. updated_at) in `all`',
          )
        if (!actions.some((a) => nullifies(a, all)))
          f.error(
            childPath(path, 'actions'),
            'automation_not_nullified',
            'an automation needs an action that makes one of its conditions false (e.g. add a tag its conditions exclude), or it fires every hour',
          )
      }
      if (type === 'views') {
        const output = isObject(body['output'])
          ? body['output']
          : isObject(body['execution'])
            ? body['execution']
            : {}
        const columns = output['columns']
        if (Array.isArray(columns) && columns.length > MAX_VIEW_COLUMNS)
          f.error(
            childPath(path, 'output.columns'),
            'view_too_many_columns',
            `${columns.length} columns: a view shows at most ${MAX_VIEW_COLUMNS}`,
          )
      }
    }
  }
}

function checkServiceContract(f: Findings, groups: Groups): void {
  const fields = new Map(entriesOf(groups, 'ticket_fields'))
  for (const [id, wanted] of Object.entries(SERVICE_CONTRACT.ticketFields) as [
    string,
    ServiceField,
  ][]) {
    const path = `ticket_fields.${id}`
    const field = fields.get(id)
    if (field === undefined) {
      f.error(
        path,
        'missing_service_field',
        `the service writes the ${wanted.type} field ${show(wanted.title)}: declare it as ${path}`,
      )
      continue
    }
    for (const key of ['type', 'title'] as const)
      if (field[key] !== wanted[key])
        f.error(
          childPath(path, key),
          'missing_service_field',
          `must be ${show(wanted[key])} (the service finds the field by its ${key}), not ${show(field[key])}`,
        )
    if (wanted.options !== undefined) {
      const values = Array.isArray(field['custom_field_options'])
        ? field['custom_field_options'].map((o: unknown) => (isObject(o) ? o['value'] : undefined))
        : []
      for (const tag of wanted.options)
        if (!values.includes(tag))
          f.error(
            childPath(path, 'custom_field_options'),
            'missing_service_tag',
            `needs an option with the value (tag) ${show(tag)}`,
          )
    }
    if (wanted.tag !== undefined && field['tag'] !== wanted.tag)
      f.error(
        childPath(path, 'tag'),
        'missing_service_tag',
        `must be ${show(wanted.tag)}: the service sets this tag`,
      )
    for (const key of ['visible_in_portal', 'editable_in_portal'])
      if (field[key] !== false)
        f.error(
          childPath(path, key),
          'service_field_in_portal',
          `must be false: end users must not see or edit what the service writes`,
        )
  }

  const orgFields = new Map(entriesOf(groups, 'organization_fields'))
  for (const [id, wanted] of Object.entries(SERVICE_CONTRACT.organizationFields)) {
    const field = orgFields.get(id)
    if (field === undefined || field['key'] !== wanted.key || field['type'] !== wanted.type)
      f.error(
        `organization_fields.${id}`,
        'missing_service_field',
        `the service reads the ${wanted.type} organization field with key ${show(wanted.key)}: declare it as organization_fields.${id}`,
      )
  }

  const hooks = entriesOf(groups, 'webhooks')
  for (const [id, body] of hooks)
    if ('signing_secret' in body)
      f.error(
        `webhooks.${id}.signing_secret`,
        'webhook_signing_secret',
        'a signing secret in the package would be the same for every install: the service reads each account’s secret through the API',
      )
  const w = SERVICE_CONTRACT.webhook
  const hook = new Map(hooks).get(w.identifier)
  const subscriptions =
    hook !== undefined && Array.isArray(hook['subscriptions'])
      ? (hook['subscriptions'] as unknown[])
      : []
  if (
    hook === undefined ||
    hook['name'] !== w.name ||
    hook['http_method'] !== w.http_method ||
    hook['request_format'] !== w.request_format ||
    !subscriptions.includes(w.subscription)
  )
    f.error(
      `webhooks.${w.identifier}`,
      'missing_service_webhook',
      `the service's setup finds the webhook by its name: declare webhooks.${w.identifier} named ${show(w.name)}, ${w.http_method}, ${w.request_format}, subscribed to ${w.subscription}`,
    )
}
