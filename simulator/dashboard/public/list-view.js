// list-view.js: the identities, grouped by OAuth client, each a link to its
// detail view (#/identity/<id>) with a status badge.
import { badge, h, replaceChildren } from './dom.js';

function row(identity, selectedId) {
  const current = identity.id === selectedId;
  const label = identity.name || identity.ref_id || identity.id;
  return h(
    'li',
    { class: 'identity-row' },
    h(
      'a',
      {
        class: 'identity-link',
        href: `#/identity/${encodeURIComponent(identity.id)}`,
        'aria-current': current ? 'true' : undefined,
        dataset: { focusKey: `identity:${identity.id}`, identityId: identity.id },
      },
      h('span', { class: 'identity-main' }, h('span', { class: 'identity-name' }, label), badge(identity.status)),
      h(
        'span',
        { class: 'identity-meta' },
        h('span', { class: 'type' }, identity.type === 'INSTITUTION' ? 'Institution' : 'Person'),
        identity.ref_id ? h('span', { class: 'ref-id' }, identity.ref_id) : h('span', { class: 'ref-id muted' }, 'no ref_id'),
      ),
    ),
  );
}

/**
 * Render the grouped list into `container`.
 * `clients`: every client id, in order; `filterClient`: the client filter, if any.
 */
export function renderList(container, { identities, clients, selectedId, filterClient }) {
  const groups = (filterClient ? [filterClient] : clients)
    .map((clientId) => ({ clientId, rows: identities.filter((i) => i.client_id === clientId) }))
    .filter((g) => g.rows.length > 0);
  if (groups.length === 0) {
    replaceChildren(container, h('p', { class: 'empty' }, 'No identities match. Create some through the API (POST /v2/identity/identities).'));
    return;
  }
  replaceChildren(
    container,
    groups.map(({ clientId, rows }, index) => {
      const headingId = `client-group-${index}`;
      return h(
        'section',
        { class: 'client-group', 'aria-labelledby': headingId, dataset: { clientId } },
        h('h3', { id: headingId, class: 'client-heading' }, h('span', { class: 'muted' }, 'client '), h('code', null, clientId), h('span', { class: 'count', 'aria-label': `${rows.length} identities` }, String(rows.length))),
        h('ul', { class: 'identity-list' }, rows.map((r) => row(r, selectedId))),
      );
    }),
  );
}
