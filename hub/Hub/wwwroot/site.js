import { api } from './api.js';
import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { communitiesOf } from './places.js';
import { openIncidentOf } from './queue.js';

// A community as a generated schematic: buildings side by side, their units as columns, each device a marker
// coloured by its most urgent open incident (kept live by the stream) or else by its last reported state.
const svgNs = 'http://www.w3.org/2000/svg';
const unitWidth = 200;
const rowHeight = 26;
let layout = null;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

export async function renderSite(view, session, communityId) {
  const communities = communitiesOf(session.scopes);
  const id = communityId || communities[0]?.id;
  if (!id) { view.replaceChildren(h('p', { class: 'empty' }, t('site.none'))); return; }
  layout = await api(`/api/site/layout?community=${encodeURIComponent(id)}`);
  const picker = h('select', { id: 'site-community', onchange: () => { location.hash = `#/site/${picker.value}`; } },
    communities.map(c => h('option', { value: c.id, selected: c.id === id }, c.name)));
  view.replaceChildren(h('section', { id: 'site', dataset: { community: id } },
    h('h1', {}, t('site.title'), ' ', picker, ' ', h('button', { type: 'button', onclick: () => renderSite(view, session, id) }, t('health.refresh'))),
    h('p', { class: 'legend' }, ['3', '2', '1'].map(l => h('span', { class: `marker level-${l}` }, t(`level.${l}`))),
      h('span', { class: 'marker quiet' }, t('site.quiet'))),
    h('div', { id: 'site-plan' }),
    layout.unplaced.length ? h('p', { id: 'site-unplaced' }, `${t('site.unplaced')}: `, layout.unplaced.map(d => `${d.deviceId} (${d.state ?? '—'})`).join('、')) : null));
  refreshSite(view);
}

/** Re-colours the markers from the live queue, without asking the hub again. */
export function refreshSite(view) {
  const plan = view.querySelector('#site-plan');
  if (!plan || !layout) return;
  const tallest = Math.max(1, ...layout.buildings.flatMap(b => b.units.map(u => u.devices.length)));
  const height = 70 + tallest * rowHeight;
  let x = 10;
  const drawing = svg('svg', { class: 'site-plan', role: 'img' });
  drawing.append(svg('title', {}, layout.name));
  for (const building of layout.buildings) {
    const width = building.units.length * unitWidth;
    drawing.append(svg('rect', { x, y: 10, width, height, rx: 6, class: 'building' }),
      svg('text', { x: x + 8, y: 30, class: 'building-name' }, t('place.building', building.building)));
    building.units.forEach((unit, i) => {
      const ux = x + i * unitWidth;
      if (i > 0) drawing.append(svg('line', { x1: ux, y1: 38, x2: ux, y2: height + 10, class: 'unit-line' }));
      drawing.append(svg('text', { x: ux + 8, y: 52, class: 'unit-name' }, unit.unit ? t('place.unit', unit.unit) : '—'));
      unit.devices.forEach((device, j) => drawing.append(marker(device, ux + 16, 74 + j * rowHeight)));
    });
    x += width + 20;
  }
  drawing.setAttribute('viewBox', `0 0 ${Math.max(x, 200)} ${height + 20}`);
  drawing.setAttribute('width', String(Math.max(x, 200)));
  plan.replaceChildren(layout.buildings.length ? drawing : h('p', { class: 'empty' }, t('site.empty')));
}

function marker(device, cx, cy) {
  const incident = openIncidentOf(device.gatewayId, device.deviceId);
  const group = svg('g', {
    class: `device ${incident ? `level-${incident.level}` : 'quiet'}`,
    'data-device': device.deviceId,
    'data-gateway': device.gatewayId,
  });
  const label = `${device.deviceId}${device.floor ? ` · ${t('place.floor', device.floor)}` : ''}${device.state ? ` · ${device.state}` : ''}`;
  group.append(svg('title', {}, incident ? `${localName(incident.typeName)} — ${t(`state.${incident.state}`)}` : label),
    svg('circle', { cx, cy, r: 8 }), svg('text', { x: cx + 14, y: cy + 4 }, label));
  if (incident) {
    group.setAttribute('tabindex', '0');
    group.addEventListener('click', () => { location.hash = `#/incident/${incident.id}`; });
  }
  return group;
}
