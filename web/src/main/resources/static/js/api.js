// REST through the API gateway (same origin), with the session's tokens kept in localStorage and the access token
// refreshed before it expires and again on a 401 TOKEN_EXPIRED.

const SESSION_KEY = 'relay.session';
const DEVICE_KEY = 'relay.deviceId';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code || (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.detail = problem?.detail;
  }
}

let session = null; // {accessToken, refreshToken, expiresAt, lifetime, user}
let refreshing = null;
let refreshTimer = null;
const endedListeners = [];
const tokenListeners = [];

/** A device id of this browser, kept across sessions (API.md: the WebSocket's deviceId). */
export function deviceId() {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `web-${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36)}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

function readStored() {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function loadSession() {
  const stored = readStored();
  session = stored?.accessToken && stored?.refreshToken && stored?.user ? stored : null;
  if (session) scheduleRefresh();
  return session;
}

export const currentSession = () => session;
export const accessToken = () => session?.accessToken;
export const me = () => session?.user;

/** Called with a reason code when the session ends without the user asking (revoked, reused, expired). */
export const onSessionEnded = (fn) => endedListeners.push(fn);
/** Called after each new access token. */
export const onTokens = (fn) => tokenListeners.push(fn);

function saveTokens(answer, user) {
  const lifetime = Math.max(10, Number(answer.expiresIn) || 900) * 1000;
  session = {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    expiresAt: Date.now() + lifetime,
    lifetime,
    user: user || session?.user,
  };
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  scheduleRefresh();
  tokenListeners.forEach((fn) => fn(session));
}

export function clearSession() {
  clearTimeout(refreshTimer);
  session = null;
  localStorage.removeItem(SESSION_KEY);
}

function endSession(reason) {
  if (!session) return;
  clearSession();
  endedListeners.forEach((fn) => fn(reason));
}

/** Refreshes a fifth of the lifetime (at most a minute) before expiry. */
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (!session) return;
  const margin = Math.min(60_000, (session.lifetime || 900_000) / 5);
  const delay = Math.max(1_000, session.expiresAt - margin - Date.now());
  refreshTimer = setTimeout(() => refresh().catch(() => {}), delay);
}

/** Another tab refreshed or signed out: follow it rather than spend a refresh token twice. */
window.addEventListener('storage', (event) => {
  if (event.key !== SESSION_KEY || !session) return;
  const stored = readStored();
  if (!stored) endSession('SIGNED_OUT');
  else if (stored.user?.id === session.user.id && stored.expiresAt > session.expiresAt) {
    session = stored;
    scheduleRefresh();
    tokenListeners.forEach((fn) => fn(session));
  }
});

async function parse(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}

/** One refresh at a time; a spent refresh token would end the whole session (TOKEN_REUSED). */
export function refresh() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    if (!session) throw new ApiError(401, { code: 'UNAUTHORIZED' });
    const stored = readStored();
    if (stored && stored.refreshToken !== session.refreshToken && stored.expiresAt > Date.now() + 30_000) {
      session = stored; // another tab was first
      scheduleRefresh();
      return session;
    }
    let response;
    try {
      response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
    } catch (e) {
      refreshTimer = setTimeout(() => refresh().catch(() => {}), 5_000);
      throw new ApiError(0, { detail: 'network unavailable' });
    }
    const body = await parse(response);
    if (response.ok) {
      saveTokens(body);
      return session;
    }
    const error = new ApiError(response.status, body);
    if (response.status === 401 || response.status === 400) endSession(error.code);
    else refreshTimer = setTimeout(() => refresh().catch(() => {}), 5_000);
    throw error;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Refreshes now when the access token expires within 30 s (e.g. before opening a WebSocket). */
export async function ensureFresh() {
  if (session && session.expiresAt - Date.now() < 30_000) await refresh();
}

export async function request(method, path, body, { auth = true, retried = false } = {}) {
  if (auth) await ensureFresh();
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && session) headers.Authorization = `Bearer ${session.accessToken}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { detail: 'network unavailable' });
  }
  const answer = await parse(response);
  if (response.ok) return answer;
  const error = new ApiError(response.status, answer);
  if (auth && response.status === 401) {
    if (error.code === 'TOKEN_EXPIRED' && !retried) {
      await refresh();
      return request(method, path, body, { auth, retried: true });
    }
    endSession(error.code);
  }
  throw error;
}

/** Uploads a File as the raw body of POST /api/media; answers {mediaId, name, size, mimeType, width?, height?}. */
export async function upload(file) {
  await ensureFresh();
  let response;
  try {
    response = await fetch(`/api/media?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.accessToken}` },
      body: file,
    });
  } catch {
    throw new ApiError(0, { detail: 'network unavailable' });
  }
  const answer = await parse(response);
  if (response.ok) return answer;
  throw new ApiError(response.status, answer);
}

/** A download as a Blob: media need the access token, which an <img src> or a link cannot send. */
export async function download(path) {
  await ensureFresh();
  const response = await fetch(path, { headers: { Authorization: `Bearer ${session.accessToken}` } });
  if (!response.ok) throw new ApiError(response.status, await parse(response));
  return response.blob();
}

export const get = (path) => request('GET', path);
export const post = (path, body = {}) => request('POST', path, body);
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

export async function register(username, password, nickname) {
  const body = { username, password };
  if (nickname) body.nickname = nickname;
  const answer = await request('POST', '/api/auth/register', body, { auth: false });
  saveTokens(answer, answer.user);
  return session;
}

export async function login(username, password) {
  const answer = await request(
    'POST',
    '/api/auth/login',
    { username, password, deviceId: deviceId(), platform: 'WEB' },
    { auth: false },
  );
  saveTokens(answer, answer.user);
  return session;
}

/**
 * Deletes the account (docs/api-notes.md, Users). A wrong password throws ApiError 401 INVALID_CREDENTIALS and keeps
 * the session (not the "session ended" path of request()); on success every session ends, this one too.
 */
export async function deleteAccount(password) {
  await ensureFresh();
  let response;
  try {
    response = await fetch('/api/users/me', {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.accessToken}` },
      body: JSON.stringify({ password }),
    });
  } catch {
    throw new ApiError(0, { detail: 'network unavailable' });
  }
  if (!response.ok) throw new ApiError(response.status, await parse(response));
  clearSession();
}

export async function logout() {
  if (!session) return;
  const { accessToken: token, refreshToken } = session;
  clearSession();
  try {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ refreshToken }),
    });
  } catch {
    // the tokens are gone from this browser either way
  }
}
