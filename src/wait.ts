/**
 * @module wait
 * waitForDecision(): wait until an identity leaves PENDING, by polling Get
 * Identity or by watching List Events for its identity.approved / denied /
 * disabled event (REFERENCE.md §5.3: no event is emitted for PENDING or ERROR,
 * so an ERROR outcome is only seen by 'poll').
 */
import { PaxosTimeoutError, unwrap } from './errors.js';
import { createEventPager } from './pagination.js';
import type { PaxosClient } from './client.js';
import type { Identity, IdentityEventType } from './types.js';

export interface WaitForDecisionOptions {
  /** Give up after this long. Default 60 000 ms. */
  timeoutMs?: number;
  /** Pause between checks. Default 1 000 ms. */
  intervalMs?: number;
  /** 'poll' GETs the identity; 'events' pages List Events. Default 'poll'. */
  via?: 'poll' | 'events';
  signal?: AbortSignal;
  /** Clock in epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Pause implementation. Default a `setTimeout` promise (tests pass one that advances a clock). */
  sleep?: (ms: number) => Promise<void>;
}

const DECISION_EVENTS: ReadonlySet<string> = new Set<IdentityEventType>(['identity.approved', 'identity.denied', 'identity.disabled']);

/** The overall status, preferring `status` over the deprecated `summary_status`. */
export function identityStatus(identity: Identity): Identity['status'] {
  return identity.status ?? identity.summary_status;
}

/**
 * Resolve with the identity once its status is no longer PENDING; reject with a
 * PaxosTimeoutError carrying the latest `status_details` when time runs out.
 * @example
 * const decided = await waitForDecision(client, id, { via: 'events', timeoutMs: 30_000 });
 * if (decided.status === 'APPROVED') openAccount(decided.id);
 */
export async function waitForDecision(
  client: Pick<PaxosClient, 'getIdentity' | 'listEvents'>,
  identityId: string,
  options: WaitForDecisionOptions = {},
): Promise<Identity> {
  const { timeoutMs = 60_000, intervalMs = 1_000, via = 'poll', signal, now = () => Date.now() } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + timeoutMs;
  const fetchIdentity = async () => unwrap(await client.getIdentity(identityId, {}, { signal }));

  let identity = await fetchIdentity();
  const pager = createEventPager(client, { 'created_at.gte': identity.created_at }, { overlap: true, signal });
  for (;;) {
    if (identityStatus(identity) !== 'PENDING') return identity;
    if (via === 'events') {
      const decided = await drainForDecision(pager, identityId);
      if (decided) {
        identity = await fetchIdentity();
        if (identityStatus(identity) !== 'PENDING') return identity;
      }
    }
    if (now() >= deadline) break;
    signal?.throwIfAborted();
    await sleep(Math.min(intervalMs, Math.max(0, deadline - now())));
    signal?.throwIfAborted();
    if (via === 'poll') identity = await fetchIdentity();
  }
  if (via === 'events') {
    identity = await fetchIdentity();
    if (identityStatus(identity) !== 'PENDING') return identity;
  }
  const details = identity.status_details;
  throw new PaxosTimeoutError(
    `identity ${identityId} still ${identityStatus(identity) ?? 'without status'} after ${timeoutMs} ms; status_details: ${JSON.stringify(details ?? null)}`,
    details,
  );
}

async function drainForDecision(pager: ReturnType<typeof createEventPager>, identityId: string): Promise<boolean> {
  for (;;) {
    const { events, full } = await pager.next();
    const hit = events.some((e) => DECISION_EVENTS.has(e.type ?? '') && (e.object as { identity_id?: unknown } | undefined)?.identity_id === identityId);
    if (hit) return true;
    if (!full) return false;
  }
}
