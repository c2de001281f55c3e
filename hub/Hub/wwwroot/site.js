import { api, upload, ApiError } from './api.js';
import { h } from './dom.js';
import { t, localName, formatTime } from './i18n.js';
import { communitiesOf } from './places.js';
import { openIncidentOf } from './queue.js';

// A community's site view: the plan an admin uploaded with its device and building markers, or else a generated
// schematic (buildings side by side, their units as columns). Each device marker shows its last state (door open or
// closed, alarm), its gateway offline, and the colour of its most urgent open incident. Incidents come from the
// dashboard's stream; device states and gateway status from the community's own stream (/api/devices/stream), read
// only while this view is open, so markers change without a reload.
const svgNs = 'http://www.w3.org/2000/svg';
const unitWidth = 200;
const rowHeight = 26;
let layout = null;
let devices = new Map();
let gateways = new Map();
let deviceStream = null;
let editor = null;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

const deviceKey = (gatewayId, deviceId) => `${gatewayId}/${deviceId}`;
const markerKey = m => (m.building != null ? `building:${m.building}` : `device:${deviceKey(m.gatewayId, m.deviceId)}`);

function stateName(state) {
  const text = t(`devstate.${state}`);
  return text === `devstate.${state}` ? state : text;
}

export async function renderSite(view, session, communityId) {
  const communities = communitiesOf(session.scopes);
  const id = communityId || communities[0]?.id;
  if (!id) { view.replaceChildren(h('p', { class: 'empty' }, t('site.none'))); return; }
  layout = await api(`/api/site/layout?community=${encodeURIComponent(id)}`);
  await reloadStates(id);
  editor = session.role === 'admin' ? { markers: new Map(layout.markers.map(m => [markerKey(m), m])), dirty: false } : null;
  const picker = h('select', { id: 'site-community', onchange: () => { location.hash = `#/site/${picker.value}`; } },
    communities.map(c => h('option', { value: c.id, selected: c.id === id }, c.name)));
  view.replaceChildren(h('section', { id: 'site', dataset: { community: id, plan: layout.plan ? 'uploaded' : 'generated' } },
    h('h1', {}, t('site.title'), ' ', picker, ' ', h('button', { type: 'button', onclick: () => renderSite(view, session, id) }, t('health.refresh'))),
    h('p', { class: 'legend' }, ['3', '2', '1'].map(l => h('span', { class: `marker level-${l}` }, t(`level.${l}`))),
      h('span', { class: 'marker quiet' }, t('site.quiet')), h('span', { class: 'marker offline' }, t('devstate.offline')),
      h('span', { class: 'marker open' }, t('site.legend.open'))),
    editor ? planEditor(view, session, id) : null,
    h('div', { id: 'site-plan' }),
    h('p', { id: 'site-unplaced' })));
  openDeviceStream(view, id);
  refreshSite(view);
}

async function reloadStates(community) {
  applyStates(await api(`/api/devices/states?community=${encodeURIComponent(community)}`));
}

function applyStates(states) {
  devices = new Map(states.devices.map(d => [deviceKey(d.gatewayId, d.deviceId), d]));
  gateways = new Map(states.gateways.map(g => [g.gatewayId, g.state]));
}

function openDeviceStream(view, community) {
  closeSiteStream();
  const stream = new EventSource(`/api/devices/stream?community=${encodeURIComponent(community)}`);
  deviceStream = stream;
  // States stored while the stream was down were not streamed: reload them each time it opens.
  stream.addEventListener('open', async () => {
    const states = await api(`/api/devices/states?community=${encodeURIComponent(community)}`);
    if (deviceStream !== stream) return;
    applyStates(states);
    document.body.dataset.deviceStream = 'open';
    refreshSite(view);
  });
  stream.addEventListener('error', () => { document.body.dataset.deviceStream = 'down'; });
  stream.addEventListener('device.state', event => {
    const change = JSON.parse(event.data);
    const key = deviceKey(change.gatewayId, change.deviceId);
    const known = devices.get(key);
    if (known && known.at > change.at) return;
    devices.set(key, { gatewayId: change.gatewayId, deviceId: change.deviceId, state: change.state, at: change.at });
    refreshSite(view);
  });
  stream.addEventListener('gateway.status', event => {
    const change = JSON.parse(event.data);
    gateways.set(change.gatewayId, change.state);
    refreshSite(view);
  });
}

/** Stops reading device states: called whenever another view is shown. */
export function closeSiteStream() {
  deviceStream?.close();
  deviceStream = null;
  delete document.body.dataset.deviceStream;
}

/** Redraws the plan or schematic from what is known, without asking the hub again. */
export function refreshSite(view) {
  const plan = view.querySelector('#site-plan');
  if (!plan || !layout) return;
  if (layout.plan) drawUploadedPlan(view, plan);
  else drawSchematic(view, plan);
}

function layoutDevices() {
  return [...layout.buildings.flatMap(b => b.units.flatMap(u => u.devices)), ...layout.unplaced];
}

function drawUploadedPlan(view, plan) {
  const { width, height } = layout.plan;
  const scale = Math.max(width, height) / 1000;
  const drawing = svg('svg', { class: 'site-plan uploaded', role: 'img', viewBox: `0 0 ${width} ${height}`, 'data-width': width, 'data-height': height });
  drawing.style.setProperty('--scale', String(scale));
  drawing.append(svg('title', {}, layout.name),
    svg('image', { href: `/api/places/${encodeURIComponent(layout.community)}/plan?v=${layout.plan.sha256}`, x: 0, y: 0, width, height, class: 'plan-image' }));
  const markers = editor ? [...editor.markers.values()] : layout.markers;
  const floors = new Map(layoutDevices().map(d => [deviceKey(d.gatewayId, d.deviceId), d.floor]));
  for (const m of markers) {
    const x = m.x * width;
    const y = m.y * height;
    if (m.building != null) {
      drawing.append(svg('text', { x, y, class: 'building-label', 'font-size': 18 * scale, 'text-anchor': 'middle', 'data-building': m.building }, t('place.building', m.building)));
    } else {
      drawing.append(marker({ gatewayId: m.gatewayId, deviceId: m.deviceId, floor: floors.get(deviceKey(m.gatewayId, m.deviceId)) }, x, y, scale));
    }
  }
  if (editor) {
    drawing.classList.add('editing');
    drawing.addEventListener('click', event => placeMarker(view, drawing, event));
  }
  plan.replaceChildren(drawing);
  const placed = new Set(markers.filter(m => m.building == null).map(m => deviceKey(m.gatewayId, m.deviceId)));
  const missing = [...new Set([...layoutDevices().map(d => deviceKey(d.gatewayId, d.deviceId)), ...devices.keys()])].filter(k => !placed.has(k));
  showUnplaced(view, t('site.unmarked'), missing);
}

function drawSchematic(view, plan) {
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
      unit.devices.forEach((device, j) => drawing.append(marker(device, ux + 16, 74 + j * rowHeight, 1)));
    });
    x += width + 20;
  }
  drawing.setAttribute('viewBox', `0 0 ${Math.max(x, 200)} ${height + 20}`);
  drawing.setAttribute('width', String(Math.max(x, 200)));
  plan.replaceChildren(layout.buildings.length ? drawing : h('p', { class: 'empty' }, t('site.empty')));
  showUnplaced(view, t('site.unplaced'), layout.unplaced.map(d => deviceKey(d.gatewayId, d.deviceId)));
}

function showUnplaced(view, title, keys) {
  const list = view.querySelector('#site-unplaced');
  list.replaceChildren(...(keys.length ? [`${title}: `, keys.map(k => `${k.split('/')[1]} (${devices.get(k) ? stateName(devices.get(k).state) : '—'})`).join('、')] : []));
}

function marker(device, cx, cy, scale) {
  const incident = openIncidentOf(device.gatewayId, device.deviceId);
  const known = devices.get(deviceKey(device.gatewayId, device.deviceId));
  const offline = gateways.get(device.gatewayId) === 'offline';
  const state = known?.state;
  const classes = ['device', incident ? `level-${incident.level}` : 'quiet'];
  if (state) classes.push(`state-${state}`);
  if (offline) classes.push('offline');
  const group = svg('g', {
    class: classes.join(' '),
    'data-device': device.deviceId,
    'data-gateway': device.gatewayId,
    'data-state': state ?? '',
    'data-online': offline ? 'false' : 'true',
    'data-level': incident ? String(incident.level) : '',
  });
  const words = [device.deviceId];
  if (device.floor) words.push(t('place.floor', device.floor));
  // Offline, the last state is what the gateway said before it went silent: shown, but after the word offline.
  if (offline) words.push(t('devstate.offline'));
  if (state) words.push(stateName(state));
  const label = words.join(' · ');
  const detail = incident ? `${label} — ${localName(incident.typeName)} · ${t(`state.${incident.state}`)}` : `${label}${known ? ` (${formatTime(known.at)})` : ''}`;
  group.append(svg('title', {}, detail),
    svg('circle', { cx, cy, r: 8 * scale, 'stroke-width': 3 * scale }),
    svg('text', { x: cx + 14 * scale, y: cy + 4 * scale, 'font-size': 12 * scale, class: 'device-label' }, label));
  if (incident && !editor) {
    group.setAttribute('tabindex', '0');
    group.addEventListener('click', () => { location.hash = `#/incident/${incident.id}`; });
  }
  return group;
}

// The admin's side: upload a plan, then choose a device or building and click on the plan where it is; save stores them all.
function planEditor(view, session, community) {
  const error = h('p', { id: 'plan-error', class: 'error', role: 'alert', hidden: true });
  const done = h('span', { id: 'plan-saved', class: 'saved', hidden: true }, t('detail.done'));
  const file = h('input', { id: 'plan-file', type: 'file', accept: 'image/png,image/jpeg' });
  const fail = e => {
    error.textContent = e instanceof ApiError ? (e.problem?.message ?? e.message) : t('error.network');
    error.hidden = false;
  };
  const uploadButton = h('button', { id: 'plan-upload', type: 'button', onclick: async () => {
    error.hidden = true;
    if (!file.files.length) return;
    try {
      await upload(`/api/places/${encodeURIComponent(community)}/plan`, file.files[0]);
      await renderSite(view, session, community);
    } catch (e) { fail(e); }
  } }, t('plan.upload'));
  const parts = [h('h2', {}, t('plan.title')), h('p', {}, h('label', {}, t('plan.file'), ' ', file), ' ', uploadButton)];
  if (layout.plan) {
    const targets = [
      ...[...new Set([...layoutDevices().map(d => deviceKey(d.gatewayId, d.deviceId)), ...devices.keys()])].sort()
        .map(k => h('option', { value: `device:${k}` }, `${t('plan.device')} ${k}`)),
      ...layout.buildings.map(b => h('option', { value: `building:${b.building}` }, t('place.building', b.building))),
    ];
    const target = h('select', { id: 'marker-target' }, targets);
    const building = h('input', { id: 'marker-building', placeholder: t('plan.buildingName'), size: 8 });
    editor.target = () => (building.value.trim() ? `building:${building.value.trim()}` : target.value);
    parts.push(
      h('p', { class: 'subtitle' }, t('plan.size', layout.plan.width, layout.plan.height), ' · ', t('plan.uploadedBy', layout.plan.uploadedBy, formatTime(layout.plan.uploadedAt))),
      h('p', {}, h('label', {}, t('plan.place'), ' ', target), ' ', h('label', {}, t('plan.orBuilding'), ' ', building), ' ',
        h('button', { id: 'marker-remove', type: 'button', onclick: () => {
          if (editor.markers.delete(editor.target())) { editor.dirty = true; refreshSite(view); }
        } }, t('plan.remove'))),
      h('p', { class: 'hint' }, t('plan.hint')),
      h('p', {}, h('button', { id: 'markers-save', type: 'button', onclick: async () => {
        error.hidden = true;
        done.hidden = true;
        try {
          const saved = await api(`/api/places/${encodeURIComponent(community)}/plan/markers`, { method: 'PUT', body: { markers: [...editor.markers.values()] } });
          layout.markers = saved.markers;
          editor.markers = new Map(saved.markers.map(m => [markerKey(m), m]));
          editor.dirty = false;
          done.hidden = false;
          refreshSite(view);
        } catch (e) { fail(e); }
      } }, t('plan.save')), ' ', done));
  } else {
    parts.push(h('p', { class: 'hint' }, t('plan.none')));
  }
  parts.push(error);
  return h('section', { id: 'plan-editor' }, parts);
}

function placeMarker(view, drawing, event) {
  const target = editor.target?.();
  if (!target) return;
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(drawing.getScreenCTM().inverse());
  const clamp = v => Math.min(1, Math.max(0, v));
  const x = Math.round(clamp(point.x / layout.plan.width) * 10000) / 10000;
  const y = Math.round(clamp(point.y / layout.plan.height) * 10000) / 10000;
  const [kind, rest] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
  const placed = kind === 'building'
    ? { building: rest, x, y }
    : { gatewayId: rest.split('/')[0], deviceId: rest.split('/')[1], x, y };
  editor.markers.set(markerKey(placed), placed);
  editor.dirty = true;
  document.getElementById('plan-saved')?.setAttribute('hidden', '');
  refreshSite(view);
}
