// The sidebar: conversations (unread badges, last message), friends with presence, incoming requests, user search.

import * as api from './api.js';
import { open } from './chat.js';
import { toast } from './notify.js';
import {
  changed,
  conversationName,
  conversationsInOrder,
  displayName,
  learnUsers,
  privateConversation,
  rememberUser,
  state,
  upsertConversation,
} from './store.js';
import { systemText } from './system.js';
import { $, describeError, el, reconcile } from './util.js';

export async function loadConversations() {
  const answer = await api.get('/api/chat/conversations');
  answer.items.forEach(upsertConversation);
  changed();
}

export async function loadFriends() {
  const answer = await api.get('/api/friends');
  state.friends.clear();
  for (const friend of answer.items) {
    state.friends.set(friend.userId, friend);
    rememberUser(friend);
  }
  changed();
}

export async function loadRequests() {
  const answer = await api.get('/api/friends/requests?direction=incoming');
  state.requests = answer.items.filter((r) => r.status === 'PENDING');
  learnUsers(state.requests.map((r) => r.fromUserId));
  changed();
}

export function initSidebar() {
  $('#search-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = $('#search-input').value.trim();
    if (!q) return;
    const results = $('#search-results');
    try {
      const answer = await api.get(`/api/users/search?q=${encodeURIComponent(q)}&limit=20`);
      answer.items.forEach(rememberUser);
      results.replaceChildren(...answer.items.map(renderResult));
      if (answer.items.length === 0) results.append(el('li', { class: 'muted' }, 'Nobody found.'));
    } catch (e) {
      results.replaceChildren(el('li', { class: 'muted' }, `Search failed: ${describeError(e)}`));
    }
  });
}

function renderResult(user) {
  const status = el('span', { class: 'muted', dataset: { testid: 'search-status' } });
  let action = null;
  if (user.id === state.me.id) status.textContent = 'you';
  else if (state.friends.has(user.id)) status.textContent = 'already a friend';
  else {
    action = el(
      'button',
      {
        type: 'button',
        dataset: { testid: 'search-add' },
        'aria-label': `Send a friend request to ${user.nickname || user.username}`,
      },
      'Add friend',
    );
    action.addEventListener('click', async () => {
      action.disabled = true;
      try {
        const request = await api.post('/api/friends/requests', { userId: user.id });
        status.textContent = request.status === 'ACCEPTED' ? 'you are now friends' : 'request sent';
        action.remove();
        if (request.status === 'ACCEPTED') loadFriends();
      } catch (e) {
        status.textContent = describeError(e);
        action.disabled = false;
      }
    });
  }
  return el(
    'li',
    { class: 'row', dataset: { testid: 'search-result', userId: user.id, username: user.username } },
    el(
      'span',
      { class: 'grow' },
      user.nickname || user.username,
      ' ',
      el('span', { class: 'muted' }, `@${user.username}`),
    ),
    action,
    status,
  );
}

async function answerRequest(request, verb) {
  try {
    await api.post(`/api/friends/requests/${encodeURIComponent(request.id)}/${verb}`);
    state.requests = state.requests.filter((r) => r.id !== request.id);
    changed();
    if (verb === 'accept') {
      toast(`You and ${displayName(request.fromUserId)} are now friends`, { kind: 'success' });
      await loadFriends();
    }
  } catch (e) {
    toast(`Could not ${verb} the request: ${describeError(e)}`, { kind: 'error' });
    loadRequests().catch(() => {});
  }
}

function startChat(friend) {
  const conv = privateConversation(friend.userId, friend.remark || friend.nickname || friend.username);
  open(conv.conversationId);
}

export function preview(message) {
  if (!message) return 'No messages yet';
  if (message.recalled) return 'message recalled';
  if (message.contentType === 'SYSTEM') return systemText(message);
  const group = message.type === 'GROUP';
  const who = message.senderId === state.me.id ? 'You: ' : group ? `${displayName(message.senderId)}: ` : '';
  const text = message.contentType === 'TEXT' ? message.content : `[${message.contentType.toLowerCase()}]`;
  return who + (text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function renderConversation(c) {
  const name = conversationName(c);
  const unread = c.unreadCount;
  const online = c.type === 'PRIVATE' && state.friends.get(c.peerId)?.online;
  return el(
    'li',
    { dataset: { testid: 'conversation', conversationId: c.conversationId, name } },
    el(
      'button',
      {
        type: 'button',
        class: 'conv',
        'aria-current': c.conversationId === state.openId ? 'true' : null,
        'aria-label': `${name}${unread ? `, ${unread} unread` : ''}${c.mentionedCount ? `, ${c.mentionedCount} mentioning you` : ''}`,
        dataset: { focusKey: 'open' },
        onclick: () => open(c.conversationId),
      },
      el(
        'span',
        { class: 'conv-name', dataset: { testid: 'conversation-name' } },
        c.type === 'PRIVATE'
          ? el('span', { class: `dot ${online ? 'online' : 'offline'}`, 'aria-hidden': 'true' })
          : null,
        name,
      ),
      unread || c.mentionedCount
        ? el(
            'span',
            { class: 'badges' },
            c.mentionedCount
              ? el('span', { class: 'badge mention', dataset: { testid: 'mention-badge' }, title: 'Mentions you' }, '@')
              : null,
            unread ? el('span', { class: 'badge', dataset: { testid: 'unread-badge' } }, String(unread)) : null,
          )
        : null,
      el('span', { class: 'preview', dataset: { testid: 'conversation-preview' } }, preview(c.lastMessage)),
    ),
  );
}

function renderFriend(f) {
  const name = f.remark || f.nickname || f.username;
  return el(
    'li',
    { class: 'row', dataset: { testid: 'friend', userId: f.userId, username: f.username, online: String(!!f.online) } },
    el('span', {
      class: `dot ${f.online ? 'online' : 'offline'}`,
      dataset: { testid: 'presence' },
      'aria-hidden': 'true',
    }),
    el('span', { class: 'grow' }, name, el('span', { class: 'sr-only' }, f.online ? ' (online)' : ' (offline)')),
    el(
      'button',
      {
        type: 'button',
        dataset: { testid: 'friend-chat', focusKey: 'chat' },
        'aria-label': `Chat with ${name}`,
        onclick: () => startChat(f),
      },
      'Chat',
    ),
  );
}

function renderRequest(r) {
  const name = displayName(r.fromUserId);
  return el(
    'li',
    { class: 'request', dataset: { testid: 'friend-request', requestId: r.id, fromUserId: r.fromUserId } },
    el(
      'span',
      { class: 'grow' },
      el('strong', {}, name),
      ' wants to be your friend',
      r.message ? `: “${r.message}”` : '',
    ),
    el(
      'span',
      { class: 'actions' },
      el(
        'button',
        {
          type: 'button',
          dataset: { testid: 'request-accept' },
          'aria-label': `Accept ${name}`,
          onclick: () => answerRequest(r, 'accept'),
        },
        'Accept',
      ),
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          dataset: { testid: 'request-reject' },
          'aria-label': `Reject ${name}`,
          onclick: () => answerRequest(r, 'reject'),
        },
        'Reject',
      ),
    ),
  );
}

export function renderSidebar() {
  const conversations = conversationsInOrder();
  reconcile(
    $('#conversation-list'),
    conversations,
    (c) => c.conversationId,
    renderConversation,
    (c) =>
      [
        conversationName(c),
        c.conversationId === state.openId,
        c.unreadCount,
        c.mentionedCount,
        preview(c.lastMessage),
        state.friends.get(c.peerId)?.online,
      ].join('|'),
  );
  $('#conversations-empty').hidden = conversations.length > 0;

  const friends = [...state.friends.values()].sort(
    (a, b) =>
      Number(!!b.online) - Number(!!a.online) || (a.nickname || a.username).localeCompare(b.nickname || b.username),
  );
  reconcile(
    $('#friend-list'),
    friends,
    (f) => f.userId,
    renderFriend,
    (f) => [f.online, f.remark, f.nickname].join('|'),
  );
  $('#friends-empty').hidden = friends.length > 0;

  reconcile(
    $('#request-list'),
    state.requests,
    (r) => r.id,
    renderRequest,
    (r) => displayName(r.fromUserId),
  );
  $('#requests-empty').hidden = state.requests.length > 0;
}
