// Reactions: a picker of six emoji on a message, and chips with their count under it (mine outlined; a click adds
// or takes back mine). Through `react` frames, or REST when offline.

import * as api from './api.js';
import { change } from './edits.js';
import { changed, displayName, state } from './store.js';
import { el } from './util.js';

const REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'];
let picking = null; // the messageId whose reaction picker is open

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

export const canReact = (message) => !message.recalled && message.messageId;

export const isPicking = (message) => picking === message.messageId;

/** Opens the message's picker, or closes it when it is open. */
export function togglePicker(message) {
  picking = isPicking(message) ? null : message.messageId;
  changed();
}

export function renderReactions(conv, item) {
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
  const picker = isPicking(item)
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
