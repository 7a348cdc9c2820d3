// Relay's chat page: signs in, keeps one WebSocket (its frames go to js/frames.js), and catches up after a reconnect.
// Only the public API through the API gateway (same origin) is used: REST under /api and /api/chat/ws.

import * as api from './js/api.js';
import { initChat, markRead, renderChat } from './js/chat.js';
import { onFrame } from './js/frames.js';
import { initGroups, loadGroups, renderGroups } from './js/groups.js';
import { fillGap } from './js/history.js';
import { toast } from './js/notify.js';
import { flushOutbox } from './js/outbox.js';
import { initSidebar, loadConversations, loadFriends, loadRequests, renderSidebar } from './js/sidebar.js';
import { ChatSocket } from './js/socket.js';
import { onChange, reset, state } from './js/store.js';
import { $, describeError, formError } from './js/util.js';

const ENDED = {
  KICKED: 'Your session ended: this account signed in on another web browser.',
  REVOKED: 'Your session ended. Please sign in again.',
  SIGNED_OUT: 'You signed out in another tab.',
};

const socket = new ChatSocket({ onFrame, onOpen: resync, onState: showConnection, onEnded: endSession });

// ---- signing in and out

/** Forgets what the lists showed, so that the next account starts from a clean page. */
function clearLists() {
  for (const id of [
    '#conversation-list',
    '#friend-list',
    '#request-list',
    '#search-results',
    '#group-friends',
    '#messages',
    '#member-list',
    '#add-members-choices',
  ]) {
    const list = $(id);
    list.replaceChildren();
    list._nodes = null;
    delete list.dataset.conversationId;
  }
}

function showAuth(message) {
  state.me = null;
  clearLists();
  $('#toasts').replaceChildren();
  $('#app-view').hidden = true;
  $('#auth-view').hidden = false;
  const note = $('#auth-message');
  note.textContent = message || '';
  note.hidden = !message;
  document.title = 'Relay';
  $('#login-username').focus();
}

async function showApp() {
  const session = api.currentSession();
  reset(session.user);
  $('#me-name').textContent = session.user.nickname || session.user.username;
  $('#auth-view').hidden = true;
  $('#app-view').hidden = false;
  $('#auth-message').hidden = true;
  socket.start();
  await loadAll();
}

function endSession(reason) {
  socket.stop();
  api.clearSession();
  showAuth(ENDED[reason] || ENDED.REVOKED);
}

function authForm(id, call) {
  const form = $(id);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError(form, null);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const data = new FormData(form);
      await call(data.get('username').trim(), data.get('password'), (data.get('nickname') || '').trim());
      form.reset();
      await showApp();
    } catch (e) {
      formError(form, e.code === 'INVALID_CREDENTIALS' ? 'Wrong username or password' : describeError(e));
    } finally {
      button.disabled = false;
    }
  });
}

// ---- loading and catching up

async function loadAll() {
  const results = await Promise.allSettled([loadFriends(), loadRequests(), loadGroups(), loadConversations()]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed && api.currentSession())
    toast(`Could not load everything: ${describeError(failed.reason)}`, { kind: 'error' });
}

/**
 * After every (re)connect: what changed while the page was away comes from REST (conversations with their maxSeq,
 * friends and presence, requests, groups); the gaps in held conversations are filled; unacknowledged sends go again.
 */
async function resync() {
  flushOutbox();
  await loadAll();
  for (const conv of state.conversations.values()) {
    await fillGap(conv).catch(() => {});
  }
  markRead();
}

// ---- connection state and rendering

function showConnection(name, detail) {
  state.connection = name;
  const label = {
    connecting: 'Connecting…',
    open: 'Connected',
    waiting: `Reconnecting in ${Math.ceil((detail || 0) / 1000)} s…`,
    stopped: 'Offline',
  }[name];
  const badge = $('#connection-state');
  badge.textContent = label;
  badge.dataset.state = name;
}

function render() {
  if (!state.me) return;
  renderSidebar();
  renderChat();
  renderGroups();
  let unread = 0;
  for (const c of state.conversations.values()) unread += c.unreadCount;
  document.title = unread ? `(${unread}) Relay` : 'Relay';
}

// ---- start

authForm('#login-form', (username, password) => api.login(username, password));
authForm('#register-form', (username, password, nickname) => api.register(username, password, nickname));
$('#logout').addEventListener('click', async () => {
  socket.stop();
  await api.logout();
  reset(null);
  showAuth('You signed out.');
});
$('#delete-account-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const input = $('#delete-account-password');
  formError(form, null);
  try {
    await api.deleteAccount(input.value);
  } catch (error) {
    formError(form, error.code === 'INVALID_CREDENTIALS' ? 'Wrong password.' : describeError(error));
    return;
  } finally {
    input.value = '';
  }
  socket.stop();
  reset(null);
  showAuth('Your account was deleted.');
});
api.onSessionEnded(endSession);
onChange(render);
initChat(socket);
initSidebar();
initGroups();

if (api.loadSession()) showApp();
else showAuth();
