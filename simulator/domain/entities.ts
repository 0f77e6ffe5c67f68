/**
 * @module domain/entities
 * Which entity each API client belongs to. On Paxos, API keys (OAuth clients)
 * belong to an entity, and identities, ref_id/CIP uniqueness, events and
 * webhooks belong to the entity: two keys of one team see the same identities.
 * Without an `entities` setting, one entity holds every configured client.
 * Pure: built from the configuration, no store or I/O.
 */

/** The id of the single entity used when the configuration lists none. */
export const DEFAULT_ENTITY_ID = 'default';

export interface EntityConfig {
  id: string;
  clients: string[];
}

export interface EntityDirectory {
  /** Entity ids in configuration order; the first is the default owner of consumers and test events. */
  readonly ids: readonly string[];
  readonly defaultId: string;
  /** The entity of a client; a client the configuration does not list is an entity of its own (its id). */
  of(clientId: string): string;
  /** Is the client configured (listed in an entity)? */
  knows(clientId: string): boolean;
  /** The clients of one entity, in configuration order. */
  clientsOf(entityId: string): string[];
}

/**
 * @example
 * entityDirectory(undefined, ['a', 'b']).of('b')                                              // 'default'
 * entityDirectory([{ id: 't1', clients: ['a'] }, { id: 't2', clients: ['b'] }], ['a', 'b']).of('b') // 't2'
 */
export function entityDirectory(entities: readonly EntityConfig[] | undefined, clients: readonly string[]): EntityDirectory {
  const list = entities?.length ? entities : [{ id: DEFAULT_ENTITY_ID, clients: [...clients] }];
  const byClient = new Map<string, string>();
  for (const e of list) for (const c of e.clients) if (!byClient.has(c)) byClient.set(c, e.id);
  // Clients missing from an explicit list (only possible when a Config is built by hand) join the first entity.
  for (const c of clients) if (!byClient.has(c)) byClient.set(c, list[0].id);
  return {
    ids: list.map((e) => e.id),
    defaultId: list[0].id,
    of: (clientId) => byClient.get(clientId) ?? clientId,
    knows: (clientId) => byClient.has(clientId),
    clientsOf: (entityId) => [...byClient].filter(([, e]) => e === entityId).map(([c]) => c),
  };
}

/**
 * Check the `entities` setting against the configured clients; the message of
 * the first problem, or undefined. Every client must belong to exactly one entity.
 */
export function entitiesProblem(raw: unknown, clients: readonly string[]): string | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return 'entities must be a non-empty list';
  const ids = new Set<string>();
  const owner = new Map<string, string>();
  for (const [i, e] of raw.entries()) {
    const at = `entities[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return `${at} must be an object with id and clients`;
    const { id, clients: members, ...rest } = e as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) return `${at}.${extra} is not a known entity field (id, clients)`;
    if (typeof id !== 'string' || !id.trim()) return `${at}.id must be a non-empty string`;
    if (ids.has(id)) return `${at}.id "${id}" is listed twice`;
    ids.add(id);
    if (!Array.isArray(members) || members.length === 0 || !members.every((m) => typeof m === 'string')) return `${at}.clients must be a non-empty list of client_id values`;
    for (const c of members as string[]) {
      if (!clients.includes(c)) return `${at}.clients: "${c}" is not a configured client (clients[].client_id)`;
      if (owner.has(c)) return `${at}.clients: "${c}" already belongs to entity "${owner.get(c)}"`;
      owner.set(c, id);
    }
  }
  const orphan = clients.find((c) => !owner.has(c));
  return orphan === undefined ? undefined : `client "${orphan}" belongs to no entity; list it under entities[].clients`;
}
