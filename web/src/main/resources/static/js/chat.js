// The open conversation: history (newest first, older pages on scroll-up), sending over the WebSocket through an
// outbox (pending -> acked -> failed, retried with the same clientMsgId), read receipts, typing, recall, edits,
// reactions, replies and mentions.

import * as api from './api.js';
import { toast } from './notify.js';
import { mentionsIn, renderQuote, renderReplyBar, startReply, takeReply } from './replies.js';
import { renderSystem } from './system.js';
import {
  addMessages,
  advance,
  changed,
  conversationName,
  conversationOf,
  displayName,
  hasGap,
  heldMinSeq,
  markRecalled,
  mentionsMe,
  outboxOf,
  saveOutbox,
  sortedMessages,
  state,
  updateMessage,
} from './store.js';
import { $, describeError, el, formatTime, reconcile, uuid } from './util.js';

const PAGE = 50;
const TYPING_SHOWN_MS = 5_000;
const TYPING_EVERY_MS = 3_000;
const TRANSIENT = new Set(['OFFLINE', 'TIMEOUT', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED']);

let socket = null;
let loadingOlder = false;
let anchorOlder = false;
let typingSentAt = 0;
let typingTimer = null;

export const openConversation = () => state.conversations.get(state.openId);

export function initChat(chatSocket) {
  socket = chatSocket;
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

/**
 * At most one typing frame every 3 s: the first keystroke sends one at once, later ones within the window one at its
 * end (if there is still text). Sending the message ends the typing, so the next keystroke counts as first again.
 */
function typingSoon() {
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

function typingDone() {
  clearTimeout(typingTimer);
  typingTimer = null;
  typingSentAt = 0;
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

/** Puts a send into the outbox (kept across reloads) and transmits it. */
function enqueue(conv, fields) {
  const entry = {
    clientMsgId: uuid(),
    conversationId: conv.conversationId,
    conversationType: conv.type,
    to: conv.type === 'GROUP' ? conv.groupId : conv.peerId,
    ...fields,
    state: 'pending',
    createdAt: Date.now(),
  };
  state.outbox.set(entry.clientMsgId, entry);
  saveOutbox();
  changed();
  transmit(entry);
}

const MEDIA_TYPES = new Set(['IMAGE', 'AUDIO', 'VIDEO', 'FILE']);

/** Uploads the file, then sends its media id as an IMAGE, AUDIO, VIDEO or FILE message through the outbox. */
async function sendFile(file) {
  const conv = openConversation();
  if (!conv) return;
  let media;
  try {
    media = await api.upload(file);
  } catch (e) {
    toast(`${file.name} was not sent: ${describeError(e)}`, { kind: 'error' });
    return;
  }
  const family = media.mimeType.split('/')[0];
  const contentType = { image: 'IMAGE', audio: 'AUDIO', video: 'VIDEO' }[family] || 'FILE';
  enqueue(conv, { contentType, content: media.mediaId, label: media.name });
}

/** A media message's content: the upload's description {id, name, size, mimeType, width, height}, else null. */
function mediaOf(item) {
  if (!MEDIA_TYPES.has(item.contentType) || item.recalled || item.outbox || !item.content.startsWith('{')) return null;
  try {
    const media = JSON.parse(item.content);
    return typeof media.id === 'string' ? media : null;
  } catch {
    return null;
  }
}

const objectUrls = new Map(); // download path -> object URL, kept for the page's life (re-renders reuse it)

function objectUrl(path) {
  if (!objectUrls.has(path)) {
    objectUrls.set(
      path,
      api.download(path).then((blob) => URL.createObjectURL(blob)),
    );
  }
  return objectUrls.get(path);
}

/** An image inline (its thumbnail, opening the full image), or a link that downloads the file. */
function renderMedia(media) {
  const full = `/api/media/${encodeURIComponent(media.id)}`;
  if (media.mimeType.startsWith('image/') && media.width) {
    const img = el('img', {
      alt: media.name,
      class: 'media-image',
      dataset: { testid: 'message-image' },
      width: Math.min(256, media.width),
    });
    const link = el('a', { href: '#', class: 'media-link', title: media.name }, img);
    objectUrl(`${full}/thumbnail`)
      .then((url) => (img.src = url))
      .catch(() => img.replaceWith(document.createTextNode(media.name)));
    link.addEventListener('click', async (event) => {
      event.preventDefault();
      window.open(await objectUrl(full), '_blank', 'noopener');
    });
    return el('div', { class: 'text media', dataset: { testid: 'message-text' } }, link);
  }
  const link = el(
    'a',
    { href: '#', class: 'media-file', dataset: { testid: 'message-file' } },
    `${media.name} (${Math.max(1, Math.round(media.size / 1024))} kB)`,
  );
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    try {
      const save = el('a', { href: await objectUrl(full), download: media.name });
      save.click();
    } catch (e) {
      toast(`${media.name}: ${describeError(e)}`, { kind: 'error' });
    }
  });
  return el('div', { class: 'text media', dataset: { testid: 'message-text' } }, link);
}

/** Sends an outbox entry; without a connection it stays pending and goes out on the next (re)connect. */
async function transmit(entry) {
  entry.state = 'pending';
  entry.error = null;
  saveOutbox();
  changed();
  if (!socket.isOpen) return;
  try {
    const ack = await socket.request({
      type: 'send',
      id: entry.clientMsgId,
      conversationType: entry.conversationType,
      to: entry.to,
      contentType: entry.contentType || 'TEXT',
      content: entry.content,
      replyTo: entry.replyToId,
      mentions: entry.mentions?.length ? entry.mentions : undefined,
    });
    const conv = conversationOf(ack.message);
    addMessages(conv, [ack.message]);
    fillGap(conv).catch(() => {}); // something sent by others meanwhile, e.g. while reconnecting
  } catch (e) {
    if (e.code !== 'OFFLINE' && state.outbox.has(entry.clientMsgId)) {
      entry.state = 'failed';
      entry.error = e.code || 'FAILED';
    }
  }
  saveOutbox();
  changed();
}

export function retry(clientMsgId) {
  const entry = state.outbox.get(clientMsgId);
  if (entry) transmit(entry);
}

/** After a (re)connect: re-send what was never acknowledged, each with its own clientMsgId. */
export function flushOutbox() {
  for (const entry of state.outbox.values()) {
    if (entry.state === 'pending' || TRANSIENT.has(entry.error)) transmit(entry);
  }
}

const historyPath = (conv) =>
  conv.type === 'GROUP'
    ? `/api/chat/groups/${encodeURIComponent(conv.groupId)}/messages`
    : `/api/chat/private/${encodeURIComponent(conv.peerId)}/messages`;

export async function open(conversationId) {
  if (conversationId !== state.openId) typingDone();
  state.openId = conversationId;
  const conv = openConversation();
  changed();
  $('#composer-input').focus();
  if (!conv) return;
  markRead();
  try {
    if (!conv.loaded) {
      const page = await api.get(`${historyPath(conv)}?limit=${PAGE}`);
      addMessages(conv, page.items);
      advance(conv, Math.max(0, ...page.items.map((m) => m.seq))); // the latest page: complete up to its newest
      conv.hasOlder = page.hasMore;
      conv.loaded = true;
    }
    await fillGap(conv);
  } catch (e) {
    toast(`Could not load messages: ${describeError(e)}`, { kind: 'error' });
  }
  changed();
  markRead();
}

async function loadOlder() {
  const conv = openConversation();
  if (!conv || !conv.loaded || !conv.hasOlder || loadingOlder) return;
  loadingOlder = true;
  try {
    const page = await api.get(`${historyPath(conv)}?limit=${PAGE}&before=${heldMinSeq(conv)}`);
    addMessages(conv, page.items);
    conv.hasOlder = page.hasMore;
    anchorOlder = true;
    changed();
  } catch (e) {
    toast(`Could not load older messages: ${describeError(e)}`, { kind: 'error' });
  } finally {
    loadingOlder = false;
  }
}

/**
 * Fetches what the page misses between its complete-up-to mark and the newest seq it knows of: WebSocket sync, else
 * REST history after the mark. One fill at a time per conversation.
 */
export function fillGap(conv) {
  if (!hasGap(conv)) return Promise.resolve();
  conv.filling ||= (async () => {
    for (let guard = 0; guard < 50 && hasGap(conv); guard++) {
      const target = conv.maxSeq;
      const after = conv.completeTo;
      let messages;
      let more;
      if (socket.isOpen) {
        const page = await socket.request({
          type: 'sync',
          conversationId: conv.conversationId,
          afterSeq: after,
          limit: 200,
        });
        [messages, more] = [page.messages, page.hasMore];
      } else {
        const page = await api.get(`${historyPath(conv)}?after=${after}&limit=200`);
        [messages, more] = [page.items, page.hasMore];
      }
      addMessages(conv, messages);
      const last = Math.max(after, ...messages.map((m) => m.seq));
      // a last page answers everything after `after` the server had: what is still missing was deleted for me
      advance(conv, more ? last : Math.max(last, target));
      if (more && messages.length === 0) break;
    }
    changed();
  })().finally(() => {
    conv.filling = null;
  });
  return conv.filling;
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

export function showTyping(conversationId, userId) {
  const conv = state.conversations.get(conversationId);
  if (!conv || userId === state.me.id) return;
  conv.typing.set(userId, Date.now() + TYPING_SHOWN_MS);
  changed();
  setTimeout(changed, TYPING_SHOWN_MS + 50);
}

async function recall(conv, message) {
  try {
    const reply = socket.isOpen
      ? (await socket.request({ type: 'recall', messageId: message.messageId })).message
      : await api.post(`/api/chat/messages/${encodeURIComponent(message.messageId)}/recall`);
    markRecalled(conv.conversationId, reply?.messageId || message.messageId);
    changed();
  } catch (e) {
    toast(`Could not recall: ${describeError(e)}`, { kind: 'error' });
  }
}

// ---- edits and reactions: over the socket when it is open, else REST; the answer is the message as it is now

const REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'];
let editing = null; // the messageId whose text is being edited
let draft = ''; // its new text so far, kept across re-renders (a read receipt re-renders the message)
let picking = null; // the messageId whose reaction picker is open

async function change(conv, frame, rest, what) {
  try {
    const reply = socket.isOpen ? (await socket.request(frame)).message : await rest();
    if (reply) updateMessage(conv.conversationId, reply.messageId, reply);
  } catch (e) {
    toast(`Could not ${what}: ${describeError(e)}`, { kind: 'error' });
  }
  changed();
}

async function saveEdit(conv, message, content) {
  editing = null;
  if (content === message.content) return changed();
  const path = `/api/chat/messages/${encodeURIComponent(message.messageId)}`;
  return change(
    conv,
    { type: 'edit', messageId: message.messageId, content },
    () => api.patch(path, { content }),
    'edit',
  );
}

function toggleReaction(conv, message, emoji) {
  picking = null;
  const add = !reactedByMe(message, emoji);
  const path = `/api/chat/messages/${encodeURIComponent(message.messageId)}/reactions/${encodeURIComponent(emoji)}`;
  return change(
    conv,
    { type: 'react', messageId: message.messageId, emoji, add },
    () => api.request(add ? 'PUT' : 'DELETE', path),
    'react',
  );
}

const reactedByMe = (message, emoji) =>
  (message.reactions || []).some((r) => r.emoji === emoji && r.userIds.includes(state.me.id));

const canEdit = (message) =>
  message.senderId === state.me.id && message.contentType === 'TEXT' && !message.recalled;

const canReact = (message) => !message.recalled && message.messageId;

function renderEditor(conv, item) {
  const input = el('textarea', {
    class: 'edit-input',
    rows: 2,
    dataset: { testid: 'message-edit-input', focusKey: 'edit' },
    'aria-label': 'New text of the message',
  });
  input.value = draft;
  input.addEventListener('input', () => {
    draft = input.value;
  });
  setTimeout(() => input.focus(), 0);
  return el(
    'form',
    {
      class: 'edit',
      onsubmit: (event) => {
        event.preventDefault();
        const content = input.value.trim();
        if (content) saveEdit(conv, item, content);
      },
      onkeydown: (event) => {
        if (event.key === 'Escape') {
          editing = null;
          changed();
        }
      },
    },
    input,
    el('button', { type: 'submit', class: 'link', dataset: { testid: 'message-edit-save' } }, 'Save'),
    el(
      'button',
      {
        type: 'button',
        class: 'link',
        onclick: () => {
          editing = null;
          changed();
        },
      },
      'Cancel',
    ),
  );
}

function renderReactions(conv, item) {
  const chips = (item.reactions || []).map((r) =>
    el(
      'button',
      {
        type: 'button',
        class: `reaction${r.userIds.includes(state.me.id) ? ' mine' : ''}`,
        dataset: { testid: 'message-reaction', emoji: r.emoji, count: r.userIds.length },
        'aria-pressed': r.userIds.includes(state.me.id) ? 'true' : 'false',
        title: r.userIds.map(displayName).join(', '),
        onclick: () => toggleReaction(conv, item, r.emoji),
      },
      `${r.emoji} ${r.userIds.length}`,
    ),
  );
  const picker =
    picking === item.messageId
      ? el(
          'span',
          { class: 'picker', dataset: { testid: 'reaction-picker' } },
          REACTIONS.map((emoji) =>
            el(
              'button',
              {
                type: 'button',
                class: 'link',
                dataset: { testid: 'reaction-choice', emoji },
                'aria-label': `React with ${emoji}`,
                onclick: () => toggleReaction(conv, item, emoji),
              },
              emoji,
            ),
          ),
        )
      : null;
  if (!chips.length && !picker) return null;
  return el('div', { class: 'reactions', dataset: { testid: 'message-reactions' } }, chips, picker);
}

// ---- rendering

function canRecall(conv, message) {
  if (message.recalled || message.contentType === 'SYSTEM') return false;
  if (message.senderId === state.me.id) return true;
  const role = conv.type === 'GROUP' ? state.groups.get(conv.groupId)?.role : null;
  return role === 'OWNER' || role === 'ADMIN';
}

function statusOf(conv, item) {
  if (item.outbox) return item.state === 'failed' ? `Not sent (${item.error})` : 'Sending…';
  if (item.senderId !== state.me.id) return '';
  return conv.type === 'PRIVATE' && item.seq <= conv.peerReadSeq ? 'Read' : 'Sent';
}

function renderItem(conv, item) {
  if (item.contentType === 'SYSTEM') {
    return el(
      'li',
      { class: 'message system', dataset: { testid: 'message', seq: item.seq, messageId: item.messageId } },
      renderSystem(item),
    );
  }
  const mine = item.outbox || item.senderId === state.me.id;
  const status = statusOf(conv, item);
  const text = item.recalled ? 'message recalled' : item.label || item.content;
  const media = mediaOf(item);
  return el(
    'li',
    {
      class: `message ${mine ? 'mine' : 'theirs'}${item.recalled ? ' recalled' : ''}${item.state === 'failed' ? ' failed' : ''}${!item.outbox && mentionsMe(item) ? ' mentioned' : ''}`,
      dataset: {
        testid: 'message',
        seq: item.seq ?? '',
        messageId: item.messageId ?? '',
        clientMsgId: item.clientMsgId ?? '',
        state: item.outbox ? item.state : 'acked',
      },
    },
    conv.type === 'GROUP' && !mine
      ? el('div', { class: 'sender', dataset: { testid: 'message-sender' } }, displayName(item.senderId))
      : null,
    item.recalled ? null : renderQuote(conv, item),
    editing === item.messageId
      ? renderEditor(conv, item)
      : media
        ? renderMedia(media)
        : el('div', { class: 'text', dataset: { testid: 'message-text' } }, text),
    item.outbox ? null : renderReactions(conv, item),
    el(
      'div',
      { class: 'meta' },
      item.editedAt && !item.recalled
        ? el('span', { class: 'edited', dataset: { testid: 'message-edited' }, title: item.editedAt }, 'edited')
        : null,
      item.sentAt ? el('time', { datetime: item.sentAt }, formatTime(item.sentAt)) : null,
      status ? el('span', { class: 'status', dataset: { testid: 'message-status' } }, status) : null,
      item.outbox && item.state === 'failed'
        ? el(
            'button',
            {
              type: 'button',
              class: 'link',
              dataset: { testid: 'message-retry', focusKey: 'retry' },
              onclick: () => retry(item.clientMsgId),
            },
            'Retry',
          )
        : null,
      !item.outbox && canRecall(conv, item)
        ? el(
            'button',
            {
              type: 'button',
              class: 'link',
              dataset: { testid: 'message-recall', focusKey: 'recall' },
              'aria-label': 'Recall this message',
              onclick: () => recall(conv, item),
            },
            'Recall',
          )
        : null,
      !item.outbox && canEdit(item) && editing !== item.messageId
        ? el(
            'button',
            {
              type: 'button',
              class: 'link',
              dataset: { testid: 'message-edit', focusKey: 'edit-button' },
              'aria-label': 'Edit this message',
              onclick: () => {
                editing = item.messageId;
                draft = item.content;
                changed();
              },
            },
            'Edit',
          )
        : null,
      !item.outbox && canReact(item)
        ? el(
            'button',
            {
              type: 'button',
              class: 'link',
              dataset: { testid: 'message-reply', focusKey: 'reply' },
              'aria-label': 'Reply to this message',
              onclick: () => startReply(conv, item),
            },
            'Reply',
          )
        : null,
      !item.outbox && canReact(item)
        ? el(
            'button',
            {
              type: 'button',
              class: 'link',
              dataset: { testid: 'message-react', focusKey: 'react' },
              'aria-label': 'React to this message',
              'aria-expanded': picking === item.messageId ? 'true' : 'false',
              onclick: () => {
                picking = picking === item.messageId ? null : item.messageId;
                changed();
              },
            },
            'React',
          )
        : null,
    ),
  );
}

const itemKey = (item) => (item.outbox ? `c:${item.clientMsgId}` : item.messageId);

function signature(conv, item) {
  return [
    item.seq,
    item.recalled,
    item.state,
    item.error,
    statusOf(conv, item),
    displayName(item.senderId),
    item.contentType === 'SYSTEM' ? renderSystem(item).textContent : '',
    canRecall(conv, item),
    item.content,
    item.editVersion,
    JSON.stringify(item.reactions || []),
    item.replyTo ? renderQuote(conv, item).textContent : '',
    (item.mentions || []).join(','),
    editing === item.messageId,
    picking === item.messageId,
  ].join('|');
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
  if (anchorOlder) wrap.scrollTop = wrap.scrollHeight - fromBottom;
  else if (atBottom) wrap.scrollTop = wrap.scrollHeight;
  anchorOlder = false;

  const now = Date.now();
  const typists = [...conv.typing].filter(([, until]) => until > now).map(([id]) => displayName(id));
  $('#typing').textContent = typists.length ? `${typists.join(', ')} ${typists.length > 1 ? 'are' : 'is'} typing…` : '';
}
