import type { IdeaSource, IdeaStatus } from '@aurastream/contract';

const SOURCE_NAMES: Readonly<Record<IdeaSource, string>> = {
  chat: 'Chat',
  panel: 'Panel',
  channel_points: 'Channel points',
};

const STATUS_NAMES: Readonly<Record<IdeaStatus, string>> = {
  pending: 'Waiting',
  approved: 'Approved',
  generating: 'Making',
  ready: 'Ready',
  failed: 'Failed',
  rejected: 'Rejected',
  expired: 'Expired',
};

export function sourceName(source: IdeaSource): string {
  return SOURCE_NAMES[source];
}

export function statusName(status: IdeaStatus): string {
  return STATUS_NAMES[status];
}
