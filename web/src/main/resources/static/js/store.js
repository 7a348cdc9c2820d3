// What the page holds: people, friends, groups, conversations with their messages, and the outbox of sends not yet
// acknowledged. Messages are keyed by messageId (repeats dropped) and shown in seq order.

import * as api from './api.js';
import { privateConversationId } from './util.js';

export const state = {
  me: null,
  users: new Map(), // id -> {id, username, nickname}
  friends: new Map(), // userId -> friend (with online)
  requests: [], // incoming pending friend requests
  groups: new Map(), // groupId -> group (with my role)
  conversations: new Map(), // conversationId -> conversation
  openId: null,
  outbox: new Map(), // clientMsgId -> {clientMsgId, conversationId, conversationType, to, content, state, error, createdAt}
  connection: 'stopped',
};

const listeners = new Set();
let scheduled = false;

/** Re-render on the next frame, once however many changes came in between. */
export function changed() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    listeners.forEach((fn) => fn());
  });
}

export const onChange = (fn) => listeners.add(fn);

export function reset(me) {
  state.me = me;
  state.users.clear();
  state.friends.clear();
  state.requests = [];
  state.groups.clear();
  state.conversations.clear();
  state.openId = null;
  state.outbox = me ? loadOutbox() : new Map();
  if (me) rememberUser(me);
  changed();
}

// ---- people

export function rememberUser(user) {
  const id = user.id || user.userId;
  if (!id) return;
  const known = state.users.get(id) || {};
  state.users.set(id, {
    ...known,
    id,
    username: user.username ?? known.username,
    nickname: user.nickname ?? known.nickname,
  });
}

export function displayName(userId) {
  if (!userId) return 'someone';
  if (state.me && userId === state.me.id) return 'You';
  const friend = state.friends.get(userId);
  if (friend?.remark) return friend.remark;
  const user = state.users.get(userId);
  return user?.nickname || user?.username || 'someone';
}

/** A conversation's title: the group's current name, or the peer as this page knows them (remark, nickname). */
export function conversationName(conv) {
  if (conv.type === 'GROUP') return state.groups.get(conv.groupId)?.name || conv.name || 'Group';
  const known = state.users.has(conv.peerId) || state.friends.has(conv.peerId);
  return known ? displayName(conv.peerId) : conv.name || 'someone';
}

const fetching = new Set();

/** Looks up profiles the page has not seen (GET /api/users/{id}), then re-renders. */
export function learnUsers(ids) {
  for (const id of ids) {
    if (!id || state.users.has(id) || fetching.has(id)) continue;
    fetching.add(id);
    api
      .get(`/api/users/${encodeURIComponent(id)}`)
      .then((user) => {
        rememberUser(user);
        changed();
      })
      .catch(() => {})
      .finally(() => fetching.delete(id));
  }
}

// ---- conversations

function blank(fields) {
  return {
    lastMessage: null,
    maxSeq: 0,
    readSeq: 0,
    unreadCount: 0,
    mentionedCount: 0, // unread messages that mention me or @all (the server counts them; live ones add here)
    messages: new Map(),
    seqs: new Set(),
    completeTo: 0, // every seq up to here is held (or was deleted for me): gaps are looked for above it
    loaded: false,
    hasOlder: false,
    peerReadSeq: 0,
    typing: new Map(),
    ...fields,
  };
}

/** Merges a line of GET /api/chat/conversations into what the page holds. */
export function upsertConversation(view) {
  const conv = state.conversations.get(view.conversationId) || blank({ conversationId: view.conversationId });
  Object.assign(conv, {
    type: view.type,
    peerId: view.peerId,
    groupId: view.groupId,
    name: view.name || conv.name,
    maxSeq: Math.max(conv.maxSeq, view.maxSeq || 0),
    readSeq: Math.max(conv.readSeq, view.readSeq || 0),
  });
  if (view.lastMessage && (!conv.lastMessage || view.lastMessage.seq >= conv.lastMessage.seq)) {
    conv.lastMessage = view.lastMessage;
  }
  conv.unreadCount = Math.max(0, conv.maxSeq - conv.readSeq);
  conv.mentionedCount = conv.unreadCount ? (view.mentionedCount ?? conv.mentionedCount) : 0;
  state.conversations.set(conv.conversationId, conv);
  return conv;
}

/** The conversation shown in the chat pane, or undefined. */
export const openConversation = () => state.conversations.get(state.openId);

export function privateConversation(peerId, name) {
  const id = privateConversationId(state.me.id, peerId);
  let conv = state.conversations.get(id);
  if (!conv) {
    conv = blank({ conversationId: id, type: 'PRIVATE', peerId, name });
    state.conversations.set(id, conv);
  }
  return conv;
}

/** The conversation a message belongs to, made up when the page has not heard of it yet. */
export function conversationOf(message) {
  let conv = state.conversations.get(message.conversationId);
  if (conv) return conv;
  if (message.type === 'GROUP') {
    const group = state.groups.get(message.groupId);
    conv = blank({
      conversationId: message.conversationId,
      type: 'GROUP',
      groupId: message.groupId,
      name: group?.name || 'Group',
    });
  } else {
    const peerId = message.senderId === state.me.id ? message.receiverId : message.senderId;
    learnUsers([peerId]);
    conv = blank({ conversationId: message.conversationId, type: 'PRIVATE', peerId, name: displayName(peerId) });
  }
  state.conversations.set(conv.conversationId, conv);
  return conv;
}

/** Moves the conversation's complete-up-to mark over the seqs held right above it. */
export function advance(conv, to = conv.completeTo) {
  conv.completeTo = Math.max(conv.completeTo, to);
  while (conv.seqs.has(conv.completeTo + 1)) conv.completeTo += 1;
}

/** Whether the page misses messages of a conversation it shows: a hole below the newest seq it knows of. */
export const hasGap = (conv) => conv.loaded && conv.completeTo < conv.maxSeq;

export const heldMinSeq = (conv) => {
  let min = Infinity;
  for (const m of conv.messages.values()) min = Math.min(min, m.seq);
  return min === Infinity ? 0 : min;
};

export const sortedMessages = (conv) => [...conv.messages.values()].sort((a, b) => a.seq - b.seq);

/**
 * Adds messages (from history, sync, acks or live frames); repeats by messageId are dropped, a newer copy (recalled,
 * edited, its current reactions) replaces an older one. Answers the messages that were new.
 */
export function addMessages(conv, messages, { live = false } = {}) {
  const fresh = [];
  for (const message of messages) {
    const known = conv.messages.get(message.messageId);
    if (!known) fresh.push(message);
    if (!known || isNewer(message, known)) conv.messages.set(message.messageId, message);
    conv.seqs.add(message.seq);
    conv.maxSeq = Math.max(conv.maxSeq, message.seq);
    if (!conv.lastMessage || message.seq >= conv.lastMessage.seq)
      conv.lastMessage = conv.messages.get(message.messageId);
    if (message.senderId === state.me.id) {
      // sending moves my read cursor (API.md); an outbox entry is settled by its message
      conv.readSeq = Math.max(conv.readSeq, message.seq);
      if (state.outbox.delete(message.clientMsgId)) saveOutbox();
    } else if (live && !known) {
      conv.typing.delete(message.senderId);
      if (message.seq > conv.readSeq && mentionsMe(message)) conv.mentionedCount += 1;
    }
    if (message.contentType !== 'SYSTEM') learnUsers([message.senderId]);
  }
  conv.unreadCount = Math.max(0, conv.maxSeq - conv.readSeq);
  if (!conv.unreadCount) conv.mentionedCount = 0;
  advance(conv);
  return fresh;
}

/** Whether a message mentions me, by name or with @all. */
export const mentionsMe = (message) =>
  !message.recalled && (message.mentions || []).some((id) => id === state.me.id || id === '@all');

/** A copy of a message is newer unless it is older than the held one: not recalled, or an earlier edit. */
const isNewer = (message, known) =>
  (message.recalled || !known.recalled) && (message.editVersion ?? 0) >= (known.editVersion ?? 0);

/** An edit or a reaction (frames carry the message's current state): changes a message the page holds. */
export function updateMessage(conversationId, messageId, change) {
  const conv = state.conversations.get(conversationId);
  const message = conv?.messages.get(messageId);
  if (!message) return;
  const updated = { ...message, ...change };
  if (!isNewer(updated, message)) return;
  conv.messages.set(messageId, updated);
  if (conv.lastMessage?.messageId === messageId) conv.lastMessage = updated;
}

export function markRecalled(conversationId, messageId) {
  const conv = state.conversations.get(conversationId);
  const message = conv?.messages.get(messageId);
  if (message) conv.messages.set(messageId, { ...message, recalled: true, content: '' });
  if (conv?.lastMessage?.messageId === messageId)
    conv.lastMessage = { ...conv.lastMessage, recalled: true, content: '' };
}

/** Most recent first; conversations without messages last (as the server orders them). */
export function conversationsInOrder() {
  const time = (c) => (c.lastMessage?.sentAt ? Date.parse(c.lastMessage.sentAt) : 0);
  return [...state.conversations.values()]
    .filter((c) => c.lastMessage || c.type === 'GROUP' || c.conversationId === state.openId)
    .sort((a, b) => time(b) - time(a));
}

// ---- the outbox, kept in localStorage so a reload does not lose a send that was never acknowledged

const outboxKey = () => `relay.outbox.${state.me?.id}`;

function loadOutbox() {
  try {
    const entries = JSON.parse(localStorage.getItem(outboxKey())) || [];
    return new Map(entries.map((e) => [e.clientMsgId, e]));
  } catch {
    return new Map();
  }
}

export function saveOutbox() {
  if (!state.me) return;
  if (state.outbox.size === 0) localStorage.removeItem(outboxKey());
  else localStorage.setItem(outboxKey(), JSON.stringify([...state.outbox.values()]));
}

export const outboxOf = (conversationId) =>
  [...state.outbox.values()]
    .filter((e) => e.conversationId === conversationId)
    .sort((a, b) => a.createdAt - b.createdAt);
