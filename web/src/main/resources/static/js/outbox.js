// The outbox of sends not yet acknowledged, kept in localStorage across reloads: each goes out as a `send` frame and
// is pending until its ack, failed with its error code otherwise, and retried with the same clientMsgId.

import { socket } from './connection.js';
import { fillGap } from './history.js';
import { addMessages, changed, conversationOf, saveOutbox, state } from './store.js';
import { uuid } from './util.js';

const TRANSIENT = new Set(['OFFLINE', 'TIMEOUT', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED']);

/** Puts a send into the outbox (kept across reloads) and transmits it. */
export function enqueue(conv, fields) {
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
