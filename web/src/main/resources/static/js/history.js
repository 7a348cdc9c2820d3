// The open conversation's history: the latest page when it first opens, older pages on scroll-up, and the gap
// between what the page holds and the newest seq it knows of (WebSocket sync, else REST history after the mark).

import * as api from './api.js';
import { socket } from './connection.js';
import { toast } from './notify.js';
import { addMessages, advance, changed, hasGap, heldMinSeq, openConversation } from './store.js';
import { describeError } from './util.js';

const PAGE = 50;

let loadingOlder = false;
let anchorOlder = false;

const historyPath = (conv) =>
  conv.type === 'GROUP'
    ? `/api/chat/groups/${encodeURIComponent(conv.groupId)}/messages`
    : `/api/chat/private/${encodeURIComponent(conv.peerId)}/messages`;

/** The latest page, once per conversation. */
export async function loadLatest(conv) {
  if (conv.loaded) return;
  const page = await api.get(`${historyPath(conv)}?limit=${PAGE}`);
  addMessages(conv, page.items);
  advance(conv, Math.max(0, ...page.items.map((m) => m.seq))); // the latest page: complete up to its newest
  conv.hasOlder = page.hasMore;
  conv.loaded = true;
}

export async function loadOlder() {
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

/** Whether an older page came in since the last render, so the list keeps its place instead of following the end. */
export function takeAnchor() {
  const anchor = anchorOlder;
  anchorOlder = false;
  return anchor;
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
