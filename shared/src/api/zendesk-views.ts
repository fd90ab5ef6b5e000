/**
 * The service's Zendesk responses the Zendesk app reads: one definition for both sides. The
 * TypeBox response schemas in server/src/features/zendesk/zendesk.routes.ts are the contract.
 */

/** A synced Zendesk organization with the account it maps to (`GET /api/v1/zendesk/organizations`). */
export interface ZendeskOrganization {
  id: number
  name: string
  externalId: string | null
  contractTier: string | null
  accountId: string | null
  /** Tickets of the organization in new, open, pending or on-hold. */
  openTickets: number
}

/** `GET /api/v1/zendesk/organizations`; `next` is the `after` of the next page. */
export interface ZendeskOrganizationPage {
  items: ZendeskOrganization[]
  next: number | null
}
