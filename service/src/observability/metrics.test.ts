import { expect } from 'chai';
import { metricsRegistry, recordChatDrop, recordEventSubDelivery } from './metrics';

/** The value of one sample of the registry, 0 when absent. */
async function sample(name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((entry) => entry.name === name);
  const found = metric?.values.find((value) =>
    Object.entries(labels).every(([label, wanted]) => String(value.labels[label]) === wanted),
  );
  return found?.value ?? 0;
}

describe('metrics the EventSub endpoint and the chat bot report', () => {
  it('counts EventSub deliveries by subscription type and outcome', async () => {
    const labels = { subscription_type: 'channel.chat.message', outcome: 'duplicate' };
    const before = await sample('aurastream_eventsub_deliveries_total', labels);
    recordEventSubDelivery('channel.chat.message', 'duplicate');
    recordEventSubDelivery('channel.chat.message', 'processed');
    expect(await sample('aurastream_eventsub_deliveries_total', labels)).to.equal(before + 1);
    const unknown = await sample('aurastream_eventsub_deliveries_total', { subscription_type: 'unknown' });
    recordEventSubDelivery('', 'invalid_signature');
    expect(await sample('aurastream_eventsub_deliveries_total', { subscription_type: 'unknown' })).to.equal(
      unknown + 1,
    );
  });

  it('counts chat commands and replies dropped by the rate limiter, by reason', async () => {
    const labels = { kind: 'reply', reason: 'rate_limit' };
    const before = await sample('aurastream_chat_messages_dropped_total', labels);
    recordChatDrop('reply', 'rate_limit');
    recordChatDrop('command', 'user_cooldown');
    expect(await sample('aurastream_chat_messages_dropped_total', labels)).to.equal(before + 1);
    expect(
      await sample('aurastream_chat_messages_dropped_total', { kind: 'command', reason: 'user_cooldown' }),
    ).to.be.at.least(1);
  });
});
