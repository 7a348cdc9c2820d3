// One message of the open conversation as a list item: its sender, quote, text, media or editor, reactions, time,
// status (Sending…, Not sent, Sent, Read) and buttons (Retry, Recall, Edit, Reply, React); and the signature that
// tells the keyed list when to render it again.

import { canEdit, canRecall, isEditing, recall, renderEditor, startEdit } from './edits.js';
import { mediaOf, renderMedia } from './media.js';
import { retry } from './outbox.js';
import { canReact, isPicking, renderReactions, togglePicker } from './reactions.js';
import { renderQuote, startReply } from './replies.js';
import { displayName, mentionsMe, state } from './store.js';
import { renderSystem } from './system.js';
import { el, formatTime } from './util.js';

function statusOf(conv, item) {
  if (item.outbox) return item.state === 'failed' ? `Not sent (${item.error})` : 'Sending…';
  if (item.senderId !== state.me.id) return '';
  return conv.type === 'PRIVATE' && item.seq <= conv.peerReadSeq ? 'Read' : 'Sent';
}

/** A button of the message's meta line; its focusKey keeps the focus on it when the message is rendered again. */
const action = (label, testid, focusKey, attrs) =>
  el('button', { type: 'button', class: 'link', dataset: { testid, focusKey }, ...attrs }, label);

export function renderItem(conv, item) {
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
    isEditing(item)
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
        ? action('Retry', 'message-retry', 'retry', { onclick: () => retry(item.clientMsgId) })
        : null,
      !item.outbox && canRecall(conv, item)
        ? action('Recall', 'message-recall', 'recall', {
            'aria-label': 'Recall this message',
            onclick: () => recall(conv, item),
          })
        : null,
      !item.outbox && canEdit(item) && !isEditing(item)
        ? action('Edit', 'message-edit', 'edit-button', {
            'aria-label': 'Edit this message',
            onclick: () => startEdit(item),
          })
        : null,
      !item.outbox && canReact(item)
        ? action('Reply', 'message-reply', 'reply', {
            'aria-label': 'Reply to this message',
            onclick: () => startReply(conv, item),
          })
        : null,
      !item.outbox && canReact(item)
        ? action('React', 'message-react', 'react', {
            'aria-label': 'React to this message',
            'aria-expanded': isPicking(item) ? 'true' : 'false',
            onclick: () => togglePicker(item),
          })
        : null,
    ),
  );
}

export const itemKey = (item) => (item.outbox ? `c:${item.clientMsgId}` : item.messageId);

export function signature(conv, item) {
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
    isEditing(item),
    isPicking(item),
  ].join('|');
}
