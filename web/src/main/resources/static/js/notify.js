// Visible toasts (an aria-live list) and a screen-reader-only announcer for incoming messages.

import { $, el } from './util.js';

const MAX_TOASTS = 5;
const TOAST_MS = 8_000;

/** kind: info | success | error; testKind names the event for tests (data-kind). */
export function toast(text, { kind = 'info', event = '' } = {}) {
  const list = $('#toasts');
  const item = el(
    'li',
    { class: `toast ${kind}`, dataset: { testid: 'notification', kind: event } },
    el('span', {}, text),
    el(
      'button',
      { type: 'button', class: 'link', 'aria-label': 'Dismiss notification', onclick: () => item.remove() },
      '×',
    ),
  );
  list.append(item);
  while (list.children.length > MAX_TOASTS) list.firstElementChild.remove();
  setTimeout(() => item.remove(), TOAST_MS);
}

let clearTimer = null;

export function announce(text) {
  const region = $('#announcer');
  region.textContent = text;
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => {
    region.textContent = '';
  }, 3_000);
}
