import { api, signIn, signOut, hasToken, whenUnauthorized, forgetToken, ApiError } from './api.js';
import { h } from './dom.js';
import { t, applyStatic, toggleLanguage } from './i18n.js';
import { rememberPlaces, placeName } from './places.js';
import { reloadQueue, applyIncident, unacknowledgedCount, renderQueue, patchQueue } from './queue.js';
import { renderIncident, describe } from './incident.js';
import { renderHealth } from './health.js';
import { renderSite, refreshSite, closeSiteStream } from './site.js';
import { unlockAudio, soundAlarm } from './sound.js';

// The dashboard: sign-in, then the live alert queue (or the police duty view), incident detail and device health,
// routed by the URL's hash. One EventSource carries every change; after a drop it reconnects and reloads the list,
// since incidents stored meanwhile were not streamed.
const view = document.getElementById('view');
const banner = document.getElementById('banner');
let session = null;
let stream = null;
let streamBroken = false;

function showBanner(text, kind) {
  banner.textContent = text;
  banner.className = `banner ${kind}`;
  banner.hidden = false;
}

const showError = text => showBanner(text, 'error');
const showInfo = text => showBanner(text, 'info');

function hideBanner() { banner.hidden = true; }

function isDuty() { return session?.role === 'community_police'; }

function renderLogin(message) {
  session = null;
  stream?.close();
  stream = null;
  closeSiteStream();
  document.getElementById('top').hidden = true;
  hideBanner();
  const login = h('input', { id: 'login-user', name: 'login', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert', hidden: !message }, message ?? '');
  const submit = h('button', { type: 'submit', id: 'login-submit' }, t('login.submit'));
  const form = h('form', { id: 'login', onsubmit: async event => {
    event.preventDefault();
    unlockAudio();
    submit.disabled = true;
    try {
      session = await signIn(login.value, password.value);
      await start();
    } catch (e) {
      error.textContent = !(e instanceof ApiError) ? t('login.unreachable')
        : e.status === 423 ? t('login.locked') : e.status === 429 ? t('login.throttled') : t('login.wrong');
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  } },
  h('h1', {}, t('app.title')),
  h('h2', {}, t('login.title')),
  h('label', {}, t('login.user'), login),
  h('label', {}, t('login.password'), password),
  submit, error,
  h('button', { type: 'button', class: 'link', onclick: () => { toggleLanguage(); renderLogin(error.hidden ? null : error.textContent); } }, t('lang.switch')));
  view.replaceChildren(form);
  login.focus();
}

async function start() {
  document.getElementById('top').hidden = false;
  document.getElementById('who').textContent = `${session.name} · ${t(`role.${session.role}`)}`;
  rememberPlaces(await api('/api/places'));
  connectStream();
  if (!location.hash || location.hash === '#/') location.hash = '#/queue';
  await route();
}

function connectStream() {
  stream?.close();
  stream = new EventSource('/api/incidents/stream');
  document.body.dataset.stream = 'connecting';
  stream.addEventListener('open', async () => {
    document.body.dataset.stream = 'open';
    updateLive();
    // The list is loaded once the stream is open, so nothing stored in between is missed; after a drop it is reloaded.
    await reloadQueue();
    if (streamBroken) {
      streamBroken = false;
      showInfo(t('stream.reloaded'));
    }
    document.body.dataset.streamOpens = String(Number(document.body.dataset.streamOpens ?? 0) + 1);
    refreshQueueView();
  });
  stream.addEventListener('error', async () => {
    streamBroken = true;
    document.body.dataset.stream = 'down';
    updateLive();
    showError(t('stream.down'));
    if (stream.readyState === EventSource.CLOSED) {
      // The hub refused the stream (a 401 after the session expired, or a restart): check why, then try again.
      try {
        await api('/api/auth/me');
        setTimeout(() => { if (session) connectStream(); }, 3000);
      } catch {
        /* whenUnauthorized shows the login */
      }
    }
  });
  for (const type of ['incident.created', 'incident.updated']) {
    stream.addEventListener(type, event => {
      const incident = JSON.parse(event.data);
      if (!applyIncident(incident)) return;
      if (type === 'incident.created') soundAlarm(incident.level);
      updateCount();
      if (location.hash === '#/queue') patchQueue(view, incident, queueHeader());
      if (location.hash.startsWith('#/site')) refreshSite(view);
      if (location.hash === `#/incident/${incident.id}`) route();
    });
  }
}

function updateLive() {
  const live = document.getElementById('live');
  const up = document.body.dataset.stream === 'open';
  live.textContent = up ? t('stream.live') : t('stream.down');
  live.className = up ? 'live up' : 'live down';
  if (up && banner.classList.contains('error') && banner.textContent === t('stream.down')) hideBanner();
}

function updateCount() {
  const count = unacknowledgedCount();
  document.getElementById('unacked-count').textContent = String(count);
  document.getElementById('unacked').classList.toggle('pending', count > 0);
  document.title = `${count > 0 ? `(${count}) ` : ''}${t('app.title')}`;
}

function refreshQueueView() {
  updateCount();
  if (location.hash === '#/queue') renderQueue(view, queueHeader());
}

function queueHeader() {
  return isDuty()
    ? { title: t('duty.title'), subtitle: `${t('duty.jurisdiction')}: ${session.scopes.map(placeName).join('、')}` }
    : { title: t('queue.title') };
}

async function route() {
  if (!session) return;
  const nav = document.getElementById('nav-queue');
  nav.textContent = isDuty() ? t('nav.duty') : t('nav.queue');
  const hash = location.hash;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('current', hash.startsWith(link.getAttribute('href')));
  if (!hash.startsWith('#/site')) closeSiteStream();
  try {
    if (hash.startsWith('#/incident/')) await renderIncident(view, hash.slice('#/incident/'.length), { showError, showInfo });
    else if (hash === '#/health') await renderHealth(view);
    else if (hash.startsWith('#/site')) await renderSite(view, session, hash.slice('#/site/'.length));
    else refreshQueueView();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) showError(describe(error));
  }
}

whenUnauthorized(() => {
  forgetToken();
  renderLogin(t('login.expired'));
});

document.getElementById('lang').addEventListener('click', () => {
  toggleLanguage();
  document.getElementById('who').textContent = session ? `${session.name} · ${t(`role.${session.role}`)}` : '';
  updateLive();
  route();
});
document.getElementById('logout').addEventListener('click', async () => {
  try { await signOut(); } catch { /* signed out locally either way */ }
  renderLogin(null);
});
document.addEventListener('click', unlockAudio);
window.addEventListener('hashchange', () => { hideBanner(); route(); });

applyStatic();
// A reload keeps the tab's session if its CSRF token is still here; a new tab signs in again.
if (hasToken()) {
  api('/api/auth/me').then(me => { session = me; return start(); }).catch(() => renderLogin(null));
} else {
  renderLogin(null);
}
