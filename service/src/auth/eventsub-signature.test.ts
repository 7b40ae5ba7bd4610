import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { errorCodes } from '@aurastream/contract';
import { AppError } from '../shared/errors';
import { EventSubSignatureVerifier, type DeliveryHeaders } from './eventsub-signature';

const secret = 'eventsub-unit-secret-0123456789';
const body = Buffer.from('{"subscription":{"type":"channel.follow"},"event":{"user_id":"1"}}');
const now = Date.parse('2026-12-04T20:00:00.000Z');

function headers(options: { signature?: string; timestamp?: string; omit?: string } = {}): DeliveryHeaders {
  const timestamp = options.timestamp ?? new Date(now).toISOString();
  const digest = createHmac('sha256', secret).update(`message-1${timestamp}`).update(body).digest('hex');
  const all: DeliveryHeaders = {
    'twitch-eventsub-message-id': 'message-1',
    'twitch-eventsub-message-timestamp': timestamp,
    'twitch-eventsub-message-signature': options.signature ?? `sha256=${digest}`,
    'twitch-eventsub-message-type': 'notification',
    'twitch-eventsub-subscription-type': 'channel.follow',
    'twitch-eventsub-subscription-version': '2',
  };
  if (options.omit) {
    delete all[options.omit];
  }
  return all;
}

function refusal(verify: () => unknown): string {
  try {
    verify();
  } catch (error) {
    expect(error).to.be.instanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error('expected a refusal');
}

describe('EventSubSignatureVerifier', () => {
  const verifier = new EventSubSignatureVerifier(secret);

  it('accepts a delivery signed with the secret over id, timestamp and raw body, and names its caller', () => {
    expect(verifier.verify(headers(), body, now)).to.deep.equal({
      kind: 'twitch',
      messageId: 'message-1',
      messageType: 'notification',
      sentAt: new Date(now),
      subscriptionType: 'channel.follow',
      subscriptionVersion: '2',
    });
  });

  it('takes the prefix and the hex digits in either case', () => {
    const signature = headers()['twitch-eventsub-message-signature'] as string;
    const upper = `SHA256=${signature.slice('sha256='.length).toUpperCase()}`;
    expect(verifier.verify(headers({ signature: upper }), body, now).messageId).to.equal('message-1');
  });

  it('refuses another secret, another body, and signatures that are not sha256= and 64 hex digits', () => {
    const signature = headers()['twitch-eventsub-message-signature'] as string;
    const digest = signature.slice('sha256='.length);
    const forged = new EventSubSignatureVerifier('another-secret');
    expect(refusal(() => forged.verify(headers(), body, now))).to.equal(errorCodes.eventSubSignatureInvalid);
    expect(refusal(() => verifier.verify(headers(), Buffer.concat([body, Buffer.from(' ')]), now))).to.equal(
      errorCodes.eventSubSignatureInvalid,
    );
    for (const bad of [
      digest,
      `sha1=${digest}`,
      `sha256=${digest.slice(1)}`,
      `sha256=${digest}0`,
      `sha256=${digest.slice(0, 63)}g`,
      `sha256=g${digest.slice(1)}`,
      `sha256= ${digest.slice(1)}`,
      `sha256=${'0'.repeat(64)}`,
    ]) {
      expect(
        refusal(() => verifier.verify(headers({ signature: bad }), body, now)),
        bad,
      ).to.equal(errorCodes.eventSubSignatureInvalid);
    }
  });

  it('refuses a timestamp outside the 10-minute window either way, or not a date, once the signature matches', () => {
    for (const timestamp of [
      new Date(now - 601_000).toISOString(),
      new Date(now + 601_000).toISOString(),
      'yesterday',
    ]) {
      expect(
        refusal(() => verifier.verify(headers({ timestamp }), body, now)),
        timestamp,
      ).to.equal(errorCodes.eventSubTimestampOutOfWindow);
    }
    expect(verifier.verify(headers({ timestamp: new Date(now - 599_000).toISOString() }), body, now).kind).to.equal(
      'twitch',
    );
  });

  it('refuses a delivery missing any of the id, timestamp, signature and type headers', () => {
    for (const omit of [
      'twitch-eventsub-message-id',
      'twitch-eventsub-message-timestamp',
      'twitch-eventsub-message-signature',
      'twitch-eventsub-message-type',
    ]) {
      expect(
        refusal(() => verifier.verify(headers({ omit }), body, now)),
        omit,
      ).to.equal(errorCodes.eventSubSignatureMissing);
    }
  });
});
