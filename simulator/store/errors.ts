/**
 * @module store/errors
 * The data file cannot be opened (unreadable, wrong schema, corrupt journal, locked).
 */
export class StoreOpenError extends Error {}
