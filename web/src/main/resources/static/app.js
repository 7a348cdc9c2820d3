// Relay's chat page: signs in, keeps one WebSocket, and turns server frames into what the page shows.
// Only the public API through the API gateway (same origin) is used: REST under /api and /api/chat/ws.

import * as api from './js/api.js';
import { fillGap, flushOutbox, initChat, markRead, renderChat, showTyping } from './js/chat.js';
import { forgetGroup, initGroups, loadGroups, refreshMembers, renderGroups } from './js/groups.js';
import { announce, toast } from './js/notify.js';
import { initSidebar, loadFriends, loadRequests, preview, renderSidebar } from './js/sidebar.js';
import { ChatSocket } from './js/socket.js';
import {
  addMessages,
  changed,
  conversationName,
  conversationOf,
  displayName,
  markRecalled,
  onChange,
  rememberUser,
  reset,
  state,
  updateMessage,
  upsertConversation,
} from './js/store.js';
import { $, debounce, describeError, formError } from './js/util.js';

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

async function loadConversations() {
  const answer = await api.get('/api/chat/conversations');
  answer.items.forEach(upsertConversation);
  changed();
}

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

const reloadConversations = debounce(() => loadConversations().catch(() => {}), 300);

// ---- server frames

function onFrame(frame) {
  switch (frame.type) {
    case 'message':
      return onMessage(frame.message);
    case 'recalled':
      markRecalled(frame.conversationId, frame.messageId);
      return changed();
    case 'edited':
      updateMessage(frame.conversationId, frame.messageId, frame.message);
      return changed();
    case 'reaction':
      updateMessage(frame.conversationId, frame.messageId, { reactions: frame.reactions });
      return changed();
    case 'read':
      return onRead(frame);
    case 'typing':
      return showTyping(frame.conversationId, frame.userId);
    case 'presence': {
      const friend = state.friends.get(frame.userId);
      if (friend) friend.online = frame.online;
      return changed();
    }
    case 'notification':
      return onNotification(frame.event, frame.data || {}).catch(() => {});
    default:
      return undefined; // ack, sync, pong and error replies are settled by the socket; kicked is followed by 4001
  }
}

function onMessage(message) {
  const known = state.conversations.has(message.conversationId);
  const conv = conversationOf(message);
  const fresh = addMessages(conv, [message], { live: true });
  if (!known) reloadConversations();
  fillGap(conv).catch(() => {}); // a seq skipped: frames were missed
  if (fresh.length && message.senderId !== state.me.id) {
    const from = conv.type === 'GROUP' ? conversationName(conv) : displayName(message.senderId);
    announce(`${from}: ${preview(message)}`);
  }
  if (message.contentType === 'SYSTEM' && conv.groupId) refreshMembers(conv.groupId);
  changed();
  if (conv.conversationId === state.openId) markRead();
}

function onRead({ conversationId, userId, seq }) {
  const conv = state.conversations.get(conversationId);
  if (!conv) return;
  if (userId === state.me.id) {
    conv.readSeq = Math.max(conv.readSeq, seq); // read on another device
    conv.unreadCount = Math.max(0, conv.maxSeq - conv.readSeq);
  } else {
    conv.peerReadSeq = Math.max(conv.peerReadSeq, seq);
  }
  changed();
}

async function nameOf(userId) {
  if (!state.users.has(userId)) {
    await api
      .get(`/api/users/${encodeURIComponent(userId)}`)
      .then(rememberUser)
      .catch(() => {});
  }
  return displayName(userId);
}

const groupName = (groupId) => state.groups.get(groupId)?.name || 'a group';

async function onNotification(event, data) {
  switch (event) {
    case 'FRIEND_REQUEST':
      toast(`${await nameOf(data.request?.fromUserId)} sent you a friend request`, { event });
      return loadRequests();
    case 'FRIEND_ACCEPTED':
      toast(`${await nameOf(data.userId)} accepted your friend request`, { kind: 'success', event });
      return loadFriends();
    case 'FRIEND_DELETED':
      toast(`${await nameOf(data.userId)} removed you as a friend`, { event });
      return loadFriends();
    case 'GROUP_INVITED':
      if (data.group)
        state.groups.set(data.group.id, { role: 'MEMBER', ...state.groups.get(data.group.id), ...data.group });
      toast(`You were added to the group “${data.group?.name}”`, { event });
      await loadGroups();
      return loadConversations();
    case 'GROUP_UPDATED':
      if (data.group && state.groups.has(data.group.id)) Object.assign(state.groups.get(data.group.id), data.group);
      return changed();
    case 'GROUP_MEMBER_REMOVED':
      if (data.userId === state.me.id) {
        toast(`You were removed from “${groupName(data.groupId)}”`, { event });
        return forgetGroup(data.groupId);
      }
      return refreshMembers(data.groupId);
    case 'GROUP_DISMISSED':
      toast(`The group “${groupName(data.groupId)}” was dismissed`, { event });
      return forgetGroup(data.groupId);
    case 'GROUP_ROLE_CHANGED':
      if (data.userId === state.me.id)
        toast(`You are now ${String(data.role).toLowerCase()} of “${groupName(data.groupId)}”`, { event });
      return refreshMembers(data.groupId);
    case 'GROUP_MEMBER_JOINED':
    case 'GROUP_MEMBER_LEFT':
      return refreshMembers(data.groupId);
    default:
      return undefined;
  }
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
