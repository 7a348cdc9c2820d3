// The open conversation's view: it wires the composer, the history, the outbox, typing and read receipts to the chat
// pane, and renders the conversation's messages (message.js) with the pending sends after them.

import * as api from './api.js';
import { socket, useSocket } from './connection.js';
import { fillGap, loadLatest, loadOlder, takeAnchor } from './history.js';
import { sendFile } from './media.js';
import { itemKey, renderItem, signature } from './message.js';
import { toast } from './notify.js';
import { enqueue } from './outbox.js';
import { mentionsIn, renderReplyBar, takeReply } from './replies.js';
import { changed, conversationName, openConversation, outboxOf, sortedMessages, state } from './store.js';
import { renderTyping, typingDone, typingSoon } from './typing.js';
import { $, describeError, reconcile } from './util.js';

export function initChat(chatSocket) {
  useSocket(chatSocket);
  const input = $('#composer-input');
  $('#composer').addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', () => input.value.trim() && typingSoon());
  $('.messages-wrap').addEventListener('scroll', (event) => {
    if (event.target.scrollTop < 40) loadOlder();
  });
  $('#load-older').addEventListener('click', () => loadOlder());
  $('#composer-attach').addEventListener('click', () => $('#composer-file').click());
  $('#composer-file').addEventListener('change', (event) => {
    const [file] = event.target.files;
    event.target.value = '';
    if (file) sendFile(file);
  });
  document.addEventListener('visibilitychange', () => markRead());
}

let submitted = Promise.resolve(); // sends wait for the one before: finding mentions must not reorder them

function submit() {
  const input = $('#composer-input');
  const text = input.value.trim();
  const conv = openConversation();
  if (!text || !conv) return;
  input.value = '';
  typingDone();
  const replyToId = takeReply(conv);
  submitted = submitted.then(async () => {
    let mentions = [];
    try {
      mentions = await mentionsIn(conv, text);
    } catch (e) {
      toast(`Sent without mentions: ${describeError(e)}`, { kind: 'error' });
    }
    enqueue(conv, { content: text, replyToId, mentions });
  });
}

export async function open(conversationId) {
  if (conversationId !== state.openId) typingDone();
  state.openId = conversationId;
  const conv = openConversation();
  changed();
  $('#composer-input').focus();
  if (!conv) return;
  markRead();
  try {
    await loadLatest(conv);
    await fillGap(conv);
  } catch (e) {
    toast(`Could not load messages: ${describeError(e)}`, { kind: 'error' });
  }
  changed();
  markRead();
}

/** Tells the server (and so the peer) how far I have read, when the conversation is open and visible. */
export function markRead() {
  const conv = openConversation();
  if (!conv || document.visibilityState !== 'visible' || conv.maxSeq <= conv.readSeq) return;
  const seq = conv.maxSeq;
  conv.readSeq = seq;
  conv.unreadCount = 0;
  conv.mentionedCount = 0;
  if (!socket.send({ type: 'read', conversationId: conv.conversationId, seq })) {
    api.post(`/api/chat/conversations/${encodeURIComponent(conv.conversationId)}/read`, { seq }).catch(() => {});
  }
  changed();
}

export function renderChat() {
  const conv = openConversation();
  $('#chat-placeholder').hidden = !!conv;
  $('#chat-pane').hidden = !conv;
  if (!conv) return;
  $('#chat-title').textContent = conversationName(conv);
  $('#members-toggle').hidden = conv.type !== 'GROUP';
  $('#load-older').hidden = !conv.hasOlder;
  renderReplyBar(conv);

  const wrap = $('.messages-wrap');
  const list = $('#messages');
  const switched = list.dataset.conversationId !== conv.conversationId;
  if (switched) {
    list.replaceChildren();
    list._nodes = null;
    list.dataset.conversationId = conv.conversationId;
  }
  const atBottom = switched || wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight < 40;
  const fromBottom = wrap.scrollHeight - wrap.scrollTop;
  const items = [...sortedMessages(conv), ...outboxOf(conv.conversationId).map((e) => ({ ...e, outbox: true }))];
  reconcile(
    list,
    items,
    itemKey,
    (item) => renderItem(conv, item),
    (item) => signature(conv, item),
  );
  if (takeAnchor()) wrap.scrollTop = wrap.scrollHeight - fromBottom;
  else if (atBottom) wrap.scrollTop = wrap.scrollHeight;
  renderTyping(conv);
}
