// SYSTEM messages: their content is a JSON object (docs/api-notes.md), rendered as one readable line.

import { displayName, learnUsers } from './store.js';
import { el } from './util.js';

function parse(content) {
  if (content && typeof content === 'object') return content;
  try {
    return JSON.parse(content);
  } catch {
    return null;
  }
}

const names = (ids) => {
  learnUsers(ids);
  const list = ids.map(displayName);
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
};

export function systemText(message) {
  const c = parse(message.content);
  if (!c) return 'group updated';
  const by = c.by || message.senderId;
  switch (c.event) {
    case 'MEMBER_JOINED': {
      const ids = c.userIds || [];
      if (ids.length === 1 && ids[0] === by) return `${names([by])} joined the group`;
      return `${names([by])} added ${names(ids.filter((id) => id !== by))}`.replace(/ added $/, ' created the group');
    }
    case 'MEMBER_LEFT':
      return `${names([c.userId || by])} left the group`;
    case 'MEMBER_REMOVED':
      return `${names([by])} removed ${names([c.userId])}`;
    case 'GROUP_UPDATED': {
      const parts = [];
      if (c.name) parts.push(`named it “${c.name}”`);
      if (c.mutedAll === true) parts.push('muted everyone');
      if (c.mutedAll === false && !c.name) parts.push('unmuted everyone');
      return `${names([by])} updated the group${parts.length ? `: ${parts.join(', ')}` : ''}`;
    }
    default:
      return 'group updated';
  }
}

export function renderSystem(message) {
  return el('span', { dataset: { testid: 'system-text' } }, systemText(message));
}
