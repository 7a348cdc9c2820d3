// Small DOM and data helpers. User text only ever goes into textContent, never innerHTML.

export const $ = (selector, root = document) => root.querySelector(selector);

/** el('li', {class: 'x', dataset: {testid: 'y'}, onclick: fn}, 'text', child) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A random UUID; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** API.md: a private conversation id is the two user ids ordered as strings. */
export function privateConversationId(a, b) {
  return a < b ? `p:${a}:${b}` : `p:${b}:${a}`;
}

/** Shows a form error in the form's [role=alert] paragraph; null hides it. */
export function formError(form, message) {
  const p = form.querySelector('.form-error');
  if (!p) return;
  p.textContent = message || '';
  p.hidden = !message;
}

/** A readable line for an API error (problem+json detail, else its code). */
export function describeError(error) {
  if (!error) return 'Something went wrong';
  if (error.detail) return error.detail;
  if (error.code) return error.code.replaceAll('_', ' ').toLowerCase();
  return error.message || String(error);
}

/** Coalesces calls within `ms` into one trailing call. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Brings a list element in line with `items` without rebuilding nodes that did not change, so focus and scroll
 * survive live updates. render(item) builds a node; signature(item) is a string that changes when it must be rebuilt.
 */
export function reconcile(list, items, key, render, signature) {
  const cache = (list._nodes ||= new Map());
  const wanted = new Set();
  items.forEach((item, i) => {
    const k = key(item);
    const sig = signature(item);
    wanted.add(k);
    let entry = cache.get(k);
    if (!entry || entry.sig !== sig) {
      const node = render(item);
      const focusedInside = entry && entry.node.contains(document.activeElement);
      const focusId = focusedInside ? document.activeElement.dataset.focusKey : null;
      if (entry) entry.node.replaceWith(node);
      entry = { node, sig };
      cache.set(k, entry);
      if (focusId) node.querySelector(`[data-focus-key="${CSS.escape(focusId)}"]`)?.focus();
    }
    if (list.children[i] !== entry.node) list.insertBefore(entry.node, list.children[i] || null);
  });
  for (const [k, entry] of cache) {
    if (!wanted.has(k)) {
      entry.node.remove();
      cache.delete(k);
    }
  }
}
