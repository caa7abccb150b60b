/** The newsroom's admin actions, as cms/src/newsroom/roles.ts registers them (NEWSROOM_ACTIONS). */
export const MODERATE_PERMISSION = 'api::newsroom.moderate';
export const AUDIT_PERMISSION = 'api::newsroom.audit';
