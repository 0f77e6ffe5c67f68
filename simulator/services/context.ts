/**
 * @module services/context
 * What every service function receives: the injected collaborators plus the
 * live decision rules. Built once in app.ts.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Rule } from '../domain/decision-rules.js';
import type { EntityDirectory } from '../domain/entities.js';
import type { Ids } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Store, StoreTx } from '../store/store.js';
import type { BlobStore } from '../store/blobs.js';

export interface SimContext {
  config: Config;
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  blobs: BlobStore;
  /** which entity each API client belongs to; records are owned by the entity */
  entities: EntityDirectory;
  /** the decision rules in force (config file, replaceable through the control API) */
  rules: { get(): readonly Rule[]; set(rules: Rule[]): void };
  /**
   * Run a transaction that may enqueue deliveries or jobs, then fire the jobs
   * it made due and wake the dispatcher. Returns the transaction's result; if
   * the transaction throws, nothing runs after it.
   */
  commit<T>(fn: (tx: StoreTx) => T): Promise<T>;
}
