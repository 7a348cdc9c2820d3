// Replies and mentions: the quoted block on a message, the "Replying to" bar above the composer, and @names in a
// group message's text turned into mentions (members by username or nickname, @all for owners and admins).

import * as api from './api.js';
import { changed, displayName, rememberUser } from './store.js';
import { $, el } from './util.js';

export const ALL = '@all';

let replying = null; // {conversationId, messageId, senderId, snippet} the composer quotes

/** The message the composer will quote, or null. */
export function startReply(conv, message) {
  replying = {
    conversationId: conv.conversationId,
    messageId: message.messageId,
    senderId: message.senderId,
    snippet: snippetOf(message),
  };
  changed();
  $('#composer-input').focus();
}

export function cancelReply() {
  replying = null;
  changed();
}

/** The replyTo of a send in this conversation (and forgets it: one reply per quote), or undefined. */
export function takeReply(conv) {
  if (!replying || replying.conversationId !== conv.conversationId) return undefined;
  const { messageId } = replying;
  replying = null;
  return messageId;
}

const snippetOf = (message) =>
  message.contentType === 'TEXT' || message.contentType === 'SYSTEM'
    ? [...message.content].slice(0, 100).join('') // code points, as the server counts
    : message.contentType;

/** The "Replying to …" bar above the composer, shown while a quote is chosen in the open conversation. */
export function renderReplyBar(conv) {
  const bar = $('#reply-bar');
  const shown = !!replying && replying.conversationId === conv?.conversationId;
  bar.hidden = !shown;
  if (!shown) return;
  bar.replaceChildren(
    el(
      'span',
      { class: 'quote-text', dataset: { testid: 'reply-bar-text' } },
      `Replying to ${displayName(replying.senderId)}: ${replying.snippet}`,
    ),
    el(
      'button',
      { type: 'button', class: 'link', dataset: { testid: 'reply-cancel' }, onclick: cancelReply },
      'Cancel',
    ),
  );
}

/**
 * The quoted message: its sender and snippet, or that it was recalled. When the page holds the quoted message, its
 * current state wins (the server's quote is as of when the reply was read; a later edit or recall shows at once).
 */
export function renderQuote(conv, message) {
  const quoted = message.replyTo;
  if (!quoted) return null;
  const held = conv.messages.get(quoted.messageId);
  const recalled = quoted.recalled || !!held?.recalled;
  const snippet = held && held.contentType === 'TEXT' ? snippetOf(held) : quoted.snippet;
  const text = recalled ? 'message recalled' : snippet;
  return el(
    'blockquote',
    { class: `quote${recalled ? ' recalled' : ''}`, dataset: { testid: 'message-quote' } },
    el('span', { class: 'quote-sender' }, displayName(quoted.senderId)),
    el(
      'span',
      { class: 'quote-text' },
      recalled || quoted.contentType === 'TEXT' || quoted.contentType === 'SYSTEM' ? text : `[${text.toLowerCase()}]`,
    ),
  );
}

/**
 * The mentions in a group message's text: each @name that is a member's username or nickname (asks the group's
 * members once per send), and @all. Other @words stay plain text.
 */
export async function mentionsIn(conv, text) {
  if (conv.type !== 'GROUP') return [];
  const names = [...text.matchAll(/(?:^|\s)@([\p{L}\p{N}_.-]+)/gu)].map((m) => m[1].toLowerCase());
  if (!names.length) return [];
  const mentions = new Set(names.includes('all') ? [ALL] : []);
  const rest = names.filter((n) => n !== 'all');
  if (rest.length) {
    const answer = await api.get(`/api/groups/${encodeURIComponent(conv.groupId)}/members`);
    for (const member of answer.items) {
      rememberUser(member);
      const known = [member.username, member.nickname].filter(Boolean).map((n) => n.toLowerCase());
      if (known.some((n) => rest.includes(n))) mentions.add(member.userId);
    }
  }
  return [...mentions];
}
