// Server frames -> what the page holds: messages (announced when someone else's), recalls, edits, reactions, read
// receipts, typing, presence, and notifications shown as toasts that refresh the lists they touch.

import * as api from './api.js';
import { markRead } from './chat.js';
import { forgetGroup, loadGroups, refreshMembers } from './groups.js';
import { fillGap } from './history.js';
import { announce, toast } from './notify.js';
import { loadConversations, loadFriends, loadRequests, preview } from './sidebar.js';
import {
  addMessages,
  changed,
  conversationName,
  conversationOf,
  displayName,
  markRecalled,
  rememberUser,
  state,
  updateMessage,
} from './store.js';
import { showTyping } from './typing.js';
import { debounce } from './util.js';

const reloadConversations = debounce(() => loadConversations().catch(() => {}), 300);

export function onFrame(frame) {
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