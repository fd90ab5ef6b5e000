/**
 * Types of the admin screens only. The service's response shapes (registry views, import reports,
 * Zendesk organizations) are shared with the server: import them from '@sla-tracker/shared'.
 */

/** How a save writes: a new version from a date, or a correction of the latest version. */
export type SaveMode = 'new-version' | 'correct'
