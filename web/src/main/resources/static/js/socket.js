// The chat WebSocket through the API gateway (/api/chat/ws), reconnecting with exponential backoff and jitter.
// API.md close codes: 4001 kicked and 4002 revoked end the session; 4003 expired refreshes the token first.

import * as api from './api.js';
import { uuid } from './util.js';

const MAX_DELAY = 30_000;
const PING_EVERY = 25_000;
const REPLY_TIMEOUT = 15_000;

export class ChatSocket {
  /**
   * handlers: onFrame(frame), onOpen(), onState(state, detail), onEnded(reason)
   * states: connecting, open, waiting (to reconnect), stopped
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.ws = null;
    this.attempts = 0;
    this.retryTimer = null;
    this.pingTimer = null;
    this.stopped = true;
    this.pending = new Map(); // request id -> {resolve, reject, timer}
    window.addEventListener('online', () => this.reconnectNow());
  }

  get isOpen() {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start() {
    this.stopped = false;
    this.attempts = 0;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'bye');
    this.failPending('stopped');
    this.state('stopped');
  }

  reconnectNow() {
    if (this.stopped || this.isOpen || this.ws?.readyState === WebSocket.CONNECTING) return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  state(name, detail) {
    this.handlers.onState?.(name, detail);
  }

  async connect() {
    if (this.stopped) return;
    this.state('connecting');
    try {
      await api.ensureFresh();
    } catch (e) {
      if (!api.currentSession()) return; // the session ended; onSessionEnded takes over
      this.scheduleRetry();
      return;
    }
    if (this.stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const query = new URLSearchParams({ token: api.accessToken(), platform: 'WEB', deviceId: api.deviceId() });
    const ws = new WebSocket(`${scheme}://${location.host}/api/chat/ws?${query}`);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (ws !== this.ws) return;
      opened = true;
      this.attempts = 0;
      this.state('open');
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.ping(), PING_EVERY);
      this.handlers.onOpen?.();
    };
    ws.onmessage = (event) => {
      if (ws !== this.ws) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      this.settle(frame);
      this.handlers.onFrame?.(frame);
    };
    ws.onclose = (event) => {
      if (ws !== this.ws) return; // a socket this page already replaced
      this.ws = null;
      clearInterval(this.pingTimer);
      this.failPending('closed');
      this.closed(event.code, opened);
    };
  }

  async closed(code, opened) {
    if (this.stopped) return;
    if (code === 4001 || code === 4002) {
      this.stopped = true;
      this.state('stopped');
      this.handlers.onEnded?.(code === 4001 ? 'KICKED' : 'REVOKED');
      return;
    }
    if (code === 4003) {
      try {
        await api.refresh();
        this.connect();
      } catch {
        if (api.currentSession()) this.scheduleRetry();
      }
      return;
    }
    if (!opened && this.attempts >= 1) {
      // A refused handshake (401) looks like 1006 to a page: ask REST whether the token still holds.
      try {
        await api.get('/api/users/me');
      } catch {
        if (!api.currentSession()) return;
      }
    }
    this.scheduleRetry();
  }

  /** 0.5 s, 1 s, 2 s, … up to 30 s, each with up to half again of random jitter. */
  scheduleRetry() {
    if (this.stopped) return;
    const base = Math.min(MAX_DELAY, 500 * 2 ** this.attempts);
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    this.attempts += 1;
    this.state('waiting', delay);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Sends a frame when the socket is open; answers whether it went out. */
  send(frame) {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Sends a frame with an id and resolves with the reply carrying that id (ack, sync, pong) or rejects on error. */
  request(frame) {
    const id = frame.id || uuid();
    return new Promise((resolve, reject) => {
      if (!this.send({ ...frame, id })) {
        reject(Object.assign(new Error('not connected'), { code: 'OFFLINE' }));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(Object.assign(new Error('no reply'), { code: 'TIMEOUT' }));
      }, REPLY_TIMEOUT);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  settle(frame) {
    if (!frame.id || !this.pending.has(frame.id) || frame.type === 'message') return;
    const { resolve, reject, timer } = this.pending.get(frame.id);
    this.pending.delete(frame.id);
    clearTimeout(timer);
    if (frame.type === 'error') reject(Object.assign(new Error(frame.message || frame.code), { code: frame.code }));
    else resolve(frame);
  }

  failPending(why) {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(Object.assign(new Error(why), { code: 'OFFLINE' }));
    }
    this.pending.clear();
  }

  /** A connection that stopped answering (a laptop that slept) is closed and reconnected. */
  ping() {
    if (!this.isOpen) return;
    const ws = this.ws;
    this.request({ type: 'ping' }).catch((e) => {
      if (e.code === 'TIMEOUT' && ws === this.ws) ws.close(4000, 'no pong');
    });
  }
}
