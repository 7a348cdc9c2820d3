// Changing a sent message: recall, and edits of my TEXT messages in place (Save / Cancel or Escape). Over the socket
// when it is open, else REST; the answer is the message as it is now.

import * as api from './api.js';
import { socket } from './connection.js';
import { toast } from './notify.js';
import { changed, markRecalled, state, updateMessage } from './store.js';
import { describeError, el } from './util.js';

let editing = null; // the messageId whose text is being edited
let draft = ''; // its new text so far, kept across re-renders (a read receipt re-renders the message)

export async function recall(conv, message) {
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

export function canRecall(conv, message) {
  if (message.recalled || message.contentType === 'SYSTEM') return false;
  if (message.senderId === state.me.id) return true;
  const role = conv.type === 'GROUP' ? state.groups.get(conv.groupId)?.role : null;
  return role === 'OWNER' || role === 'ADMIN';
}

/** Sends a change of a message (`frame`, or `rest` when offline) and takes the message as the server answers it. */
export async function change(conv, frame, rest, what) {
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

export const canEdit = (message) =>
  message.senderId === state.me.id && message.contentType === 'TEXT' && !message.recalled;

export const isEditing = (message) => editing === message.messageId;

export function startEdit(message) {
  editing = message.messageId;
  draft = message.content;
  changed();
}

function stopEdit() {
  editing = null;
  changed();
}

export function renderEditor(conv, item) {
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
        if (event.key === 'Escape') stopEdit();
      },
    },
    input,
    el('button', { type: 'submit', class: 'link', dataset: { testid: 'message-edit-save' } }, 'Save'),
    el('button', { type: 'button', class: 'link', onclick: stopEdit }, 'Cancel'),
  );
}
