// Groups: create one (name + friends), and in a group chat the members panel: add, remove, set roles, leave.

import * as api from './api.js';
import { open } from './chat.js';
import { toast } from './notify.js';
import { changed, openConversation, rememberUser, state, upsertConversation } from './store.js';
import { $, describeError, el, formError, reconcile } from './util.js';

const members = new Map(); // groupId -> [member]
let panelOpen = false;

export async function loadGroups() {
  const answer = await api.get('/api/groups');
  state.groups.clear();
  for (const group of answer.items) state.groups.set(group.id, group);
  changed();
}

export async function refreshMembers(groupId) {
  if (!groupId) return;
  try {
    const answer = await api.get(`/api/groups/${encodeURIComponent(groupId)}/members`);
    answer.items.forEach(rememberUser);
    members.set(groupId, answer.items);
    const mine = answer.items.find((m) => m.userId === state.me.id);
    const group = state.groups.get(groupId);
    if (group && mine) group.role = mine.role;
  } catch (e) {
    members.delete(groupId);
    if (e.code === 'NOT_GROUP_MEMBER' || e.status === 404) state.groups.delete(groupId);
  }
  changed();
}

export function initGroups() {
  $('#group-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const name = $('#group-name').value.trim();
    const memberIds = [...form.querySelectorAll('input[name="member"]:checked')].map((box) => box.value);
    formError(form, null);
    try {
      const group = await api.post('/api/groups', { name, memberIds });
      state.groups.set(group.id, { ...group, role: group.role || 'OWNER' });
      const conv = upsertConversation({
        conversationId: `g:${group.id}`,
        type: 'GROUP',
        groupId: group.id,
        name: group.name,
      });
      form.reset();
      toast(`Group “${group.name}” created`, { kind: 'success' });
      open(conv.conversationId);
    } catch (e) {
      formError(form, describeError(e));
    }
  });

  $('#members-toggle').addEventListener('click', () => {
    panelOpen = !panelOpen;
    if (panelOpen) refreshMembers(openConversation()?.groupId);
    changed();
  });

  $('#add-members-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const groupId = openConversation()?.groupId;
    const userIds = [...event.target.querySelectorAll('input[name="add"]:checked')].map((box) => box.value);
    if (!groupId || userIds.length === 0) return;
    try {
      await api.post(`/api/groups/${encodeURIComponent(groupId)}/members`, { userIds });
      event.target.reset();
      await refreshMembers(groupId);
    } catch (e) {
      toast(`Could not add members: ${describeError(e)}`, { kind: 'error' });
    }
  });

  $('#leave-group').addEventListener('click', async () => {
    const groupId = openConversation()?.groupId;
    if (!groupId) return;
    try {
      await api.del(`/api/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(state.me.id)}`);
      forgetGroup(groupId);
      toast('You left the group');
    } catch (e) {
      toast(`Could not leave: ${describeError(e)}`, { kind: 'error' });
    }
  });
}

/** The group is gone for me (left, removed, dismissed): drop it and its conversation. */
export function forgetGroup(groupId) {
  state.groups.delete(groupId);
  members.delete(groupId);
  state.conversations.delete(`g:${groupId}`);
  if (state.openId === `g:${groupId}`) state.openId = null;
  changed();
}

async function act(groupId, call, failure) {
  try {
    await call();
  } catch (e) {
    toast(`${failure}: ${describeError(e)}`, { kind: 'error' });
  }
  await refreshMembers(groupId);
}

function renderMember(groupId, myRole, m) {
  const name = m.userId === state.me.id ? 'You' : m.nickname || m.username;
  const path = `/api/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(m.userId)}`;
  const isMe = m.userId === state.me.id;
  const canRemove = !isMe && (myRole === 'OWNER' ? m.role !== 'OWNER' : myRole === 'ADMIN' && m.role === 'MEMBER');
  const canSetRole = !isMe && myRole === 'OWNER' && m.role !== 'OWNER';
  const next = m.role === 'ADMIN' ? 'MEMBER' : 'ADMIN';
  return el(
    'li',
    { class: 'row', dataset: { testid: 'member', userId: m.userId, role: m.role } },
    el(
      'span',
      { class: 'grow' },
      name,
      ' ',
      el('span', { class: 'role', dataset: { testid: 'member-role' } }, m.role.toLowerCase()),
    ),
    canSetRole
      ? el(
          'button',
          {
            type: 'button',
            class: 'link',
            dataset: { testid: 'member-role-toggle', focusKey: 'role' },
            onclick: () => act(groupId, () => api.patch(path, { role: next }), 'Could not change the role'),
          },
          next === 'ADMIN' ? 'Make admin' : 'Make member',
        )
      : null,
    canRemove
      ? el(
          'button',
          {
            type: 'button',
            class: 'link danger',
            dataset: { testid: 'member-remove', focusKey: 'remove' },
            'aria-label': `Remove ${name}`,
            onclick: () => act(groupId, () => api.del(path), 'Could not remove'),
          },
          'Remove',
        )
      : null,
  );
}

function checkbox(name, friend) {
  const id = `${name}-${friend.userId}`;
  return el(
    'div',
    { class: 'check' },
    el('input', {
      type: 'checkbox',
      id,
      name,
      value: friend.userId,
      dataset: { testid: `${name}-choice`, username: friend.username },
    }),
    el('label', { for: id }, friend.remark || friend.nickname || friend.username),
  );
}

export function renderGroups() {
  const friends = [...state.friends.values()];
  reconcile(
    $('#group-friends'),
    friends,
    (f) => f.userId,
    (f) => checkbox('member', f),
    (f) => f.nickname || f.username,
  );

  const conv = openConversation();
  const isGroup = conv?.type === 'GROUP';
  const panel = $('#members-panel');
  panel.hidden = !(isGroup && panelOpen);
  $('#members-toggle').setAttribute('aria-expanded', String(isGroup && panelOpen));
  if (!isGroup || !panelOpen) return;
  const list = members.get(conv.groupId) || [];
  const myRole = state.groups.get(conv.groupId)?.role;
  reconcile(
    $('#member-list'),
    list,
    (m) => `${conv.groupId}:${m.userId}`,
    (m) => renderMember(conv.groupId, myRole, m),
    (m) => [m.role, myRole, m.nickname].join('|'),
  );
  const inGroup = new Set(list.map((m) => m.userId));
  const addable = friends.filter((f) => !inGroup.has(f.userId));
  $('#add-members-form').hidden = !(myRole === 'OWNER' || myRole === 'ADMIN') || addable.length === 0;
  reconcile(
    $('#add-members-choices'),
    addable,
    (f) => f.userId,
    (f) => checkbox('add', f),
    (f) => f.nickname || f.username,
  );
  $('#leave-group').hidden = myRole === 'OWNER';
}
