// Files in a conversation: uploading one and sending its media id through the outbox, and showing a media message
// (an image's thumbnail inline, other files as a download link). Downloads need the access token: blob: URLs.

import * as api from './api.js';
import { toast } from './notify.js';
import { enqueue } from './outbox.js';
import { openConversation } from './store.js';
import { describeError, el } from './util.js';

const MEDIA_TYPES = new Set(['IMAGE', 'AUDIO', 'VIDEO', 'FILE']);

/** Uploads the file, then sends its media id as an IMAGE, AUDIO, VIDEO or FILE message through the outbox. */
export async function sendFile(file) {
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
export function mediaOf(item) {
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
export function renderMedia(media) {
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
