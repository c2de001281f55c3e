import { api } from './api.js';
import { h } from './dom.js';
import { t, localName, formatTime } from './i18n.js';
import { placeText } from './places.js';

// The open incidents this person may see, kept current by the live stream. Ordered by warning level (alarm first),
// then newest first, so a new alarm always appears at the top of its level.
const openStates = ['reported', 'acknowledged', 'dispatched', 'on_site'];
const incidents = new Map();

export async function reloadQueue() {
  const pages = await Promise.all(openStates.map(state => api(`/api/incidents?state=${state}&pageSize=500`)));
  incidents.clear();
  for (const page of pages) for (const incident of page.items) incidents.set(incident.id, incident);
}

/** Applies an incident from the stream; false if it is older than what is shown. */
export function applyIncident(incident) {
  const known = incidents.get(incident.id);
  if (known && known.updatedAt > incident.updatedAt) return false;
  if (openStates.includes(incident.state)) incidents.set(incident.id, incident);
  else incidents.delete(incident.id);
  return true;
}

export function unacknowledgedCount() {
  let count = 0;
  for (const incident of incidents.values()) if (incident.state === 'reported') count++;
  return count;
}

function before(a, b) {
  return b.level - a.level || (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0);
}

function ordered() { return [...incidents.values()].sort(before); }

export function renderQueue(view, { title, subtitle }) {
  const items = ordered();
  view.replaceChildren(
    h('section', { id: 'queue' },
      h('h1', {}, title),
      subtitle ? h('p', { class: 'subtitle' }, subtitle) : null,
      items.length === 0
        ? h('p', { class: 'empty', id: 'queue-empty' }, t('queue.empty'))
        : h('ol', { class: 'alerts' }, items.map(row))));
}

/**
 * Puts one changed incident in place in the list on screen, leaving the other rows alone: with many open alerts and
 * several dashboards on one machine, rebuilding the whole list per alert would delay the alert itself.
 */
export function patchQueue(view, incident, header) {
  const list = view.querySelector('#queue ol.alerts');
  if (!list) { renderQueue(view, header); return; }
  list.querySelector(`li[data-id="${CSS.escape(incident.id)}"]`)?.remove();
  if (incidents.get(incident.id) === incident) {
    const next = [...list.children].find(li => before(incident, { level: Number(li.dataset.level), occurredAt: li.dataset.occurredAt }) < 0);
    list.insertBefore(row(incident), next ?? null);
  }
  if (list.children.length === 0) renderQueue(view, header);
}

function row(incident) {
  return h('li', {
    class: `alert level-${incident.level} state-${incident.state}`,
    dataset: { id: incident.id, type: incident.type, level: incident.level, state: incident.state, occurredAt: incident.occurredAt },
  },
  h('a', { href: `#/incident/${incident.id}` },
    h('span', { class: `badge level-${incident.level}` }, t(`level.${incident.level}`)),
    h('span', { class: 'type' }, localName(incident.typeName)),
    h('span', { class: 'place' }, placeText(incident.place)),
    h('time', { datetime: incident.occurredAt }, formatTime(incident.occurredAt)),
    h('span', { class: `state state-${incident.state}` }, t(`state.${incident.state}`)),
    incident.eventCount > 1 ? h('span', { class: 'count' }, `×${incident.eventCount}`) : null));
}

/** The most urgent open incident of one device, or undefined. */
export function openIncidentOf(gatewayId, deviceId) {
  let found;
  for (const incident of incidents.values()) {
    if (incident.gatewayId === gatewayId && incident.deviceId === deviceId && (!found || incident.level > found.level)) found = incident;
  }
  return found;
}
