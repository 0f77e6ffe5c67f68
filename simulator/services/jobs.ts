/**
 * @module services/jobs
 * Timed work on the simulator clock, stored in the store so that it survives a
 * restart: review decisions, EDD decisions and KYC refresh start/expiry.
 */
import type { JobRecord } from '../store/shape.js';
import type { StoreTx } from '../store/store.js';
import type { SimContext } from './context.js';

export function scheduleJob(
  tx: StoreTx,
  ctx: Pick<SimContext, 'ids'>,
  job: { kind: JobRecord['kind']; identity_id: string; client_id: string; due_ms: number; args?: Record<string, unknown> },
): JobRecord {
  const record: JobRecord = {
    id: ctx.ids.uuid(),
    kind: job.kind,
    identity_id: job.identity_id,
    client_id: job.client_id,
    due_at: new Date(job.due_ms).toISOString(),
    seq: tx.nextSeq(),
    args: job.args,
  };
  tx.jobs.put(record.id, record);
  return record;
}

export function cancelJobs(tx: StoreTx, identityId: string, kinds: JobRecord['kind'][]): void {
  for (const job of tx.jobs.by('identity', identityId).filter((j) => kinds.includes(j.kind))) tx.jobs.delete(job.id);
}
