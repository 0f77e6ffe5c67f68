/**
 * @module faults/revoke
 * Revoke every live token of one OAuth client (a `revoke_tokens` fault, the
 * control API's revoke-tokens, `startSimulator().faults.revokeTokens()`): its
 * next call with an old token gets 401 and it must fetch a new one.
 */
import type { Store } from '../store/store.js';

/** @example const revoked = await revokeClientTokens(store, 'paxos-sim-client'); */
export async function revokeClientTokens(store: Store, clientId: string): Promise<number> {
  return store.transact((tx) => {
    const live = tx.tokens.by('client', clientId);
    for (const t of live) tx.tokens.delete(t.token);
    return live.length;
  });
}
