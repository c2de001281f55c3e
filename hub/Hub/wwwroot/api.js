// The hub's documented API (/openapi/v1.json): the session cookie travels by itself; changes carry the CSRF token the
// login answered with, kept for this tab only.
const tokenKey = 'es.csrf';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? problem?.message ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  get isCsrf() { return this.status === 400 && /CSRF/.test(this.problem?.title ?? ''); }
}

let onUnauthorized = () => {};

export function whenUnauthorized(handler) { onUnauthorized = handler; }

export function hasToken() { return !!sessionStorage.getItem(tokenKey); }

export async function api(path, { method = 'GET', body } = {}) {
  return send(path, method, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json');
}

/** PUTs a file (a site plan) as the request body, with its own type. */
export function upload(path, file) {
  return send(path, 'PUT', file, file.type || 'application/octet-stream');
}

async function send(path, method, body, contentType) {
  const headers = { Accept: 'application/json' };
  if (contentType) headers['Content-Type'] = contentType;
  if (method !== 'GET') headers['X-CSRF-TOKEN'] = sessionStorage.getItem(tokenKey) ?? '';
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && path !== '/api/auth/login') onUnauthorized(error);
    throw error;
  }
  return data;
}

export async function signIn(login, password) {
  const session = await api('/api/auth/login', { method: 'POST', body: { login, password } });
  sessionStorage.setItem(tokenKey, session.csrfToken);
  return session;
}

export async function signOut() {
  try { await api('/api/auth/logout', { method: 'POST' }); } finally { sessionStorage.removeItem(tokenKey); }
}

export function forgetToken() { sessionStorage.removeItem(tokenKey); }
