// Typing: `typing` frames while I type (at most one every 3 s), and "X is typing…" for 5 s after someone else's.

import { socket } from './connection.js';
import { changed, displayName, openConversation, state } from './store.js';
import { $ } from './util.js';

const TYPING_SHOWN_MS = 5_000;
const TYPING_EVERY_MS = 3_000;

let typingSentAt = 0;
let typingTimer = null;

/**
 * At most one typing frame every 3 s: the first keystroke sends one at once, later ones within the window one at its
 * end (if there is still text). Sending the message ends the typing, so the next keystroke counts as first again.
 */
export function typingSoon() {
  const wait = typingSentAt + TYPING_EVERY_MS - Date.now();
  if (wait <= 0) sendTyping();
  else typingTimer ||= setTimeout(sendTyping, wait);
}

function sendTyping() {
  clearTimeout(typingTimer);
  typingTimer = null;
  const conv = openConversation();
  if (!conv || !$('#composer-input').value.trim()) return;
  typingSentAt = Date.now();
  socket.send({ type: 'typing', conversationId: conv.conversationId });
}

export function typingDone() {
  clearTimeout(typingTimer);
  typingTimer = null;
  typingSentAt = 0;
}

export function showTyping(conversationId, userId) {
  const conv = state.conversations.get(conversationId);
  if (!conv || userId === state.me.id) return;
  conv.typing.set(userId, Date.now() + TYPING_SHOWN_MS);
  changed();
  setTimeout(changed, TYPING_SHOWN_MS + 50);
}

export function renderTyping(conv) {
  const now = Date.now();
  const typists = [...conv.typing].filter(([, until]) => until > now).map(([id]) => displayName(id));
  $('#typing').textContent = typists.length ? `${typists.join(', ')} ${typists.length > 1 ? 'are' : 'is'} typing…` : '';
}
