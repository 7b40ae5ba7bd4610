import type { EventSubMessage } from '@aurastream/contract';
import type { TwitchEventSubCaller } from '../auth/principal';
import type { EventSubReceipt, EventSubReceiver } from './eventsub-receiver';

/** Twitch's EventSub callback, free of HTTP (the route answers the challenge as text/plain). */
export interface EventSubApi {
  receive(caller: TwitchEventSubCaller, message: EventSubMessage): Promise<EventSubReceipt>;
}

export function createEventSubApi(receiver: EventSubReceiver): EventSubApi {
  return { receive: (caller, message) => receiver.receive(caller, message) };
}
