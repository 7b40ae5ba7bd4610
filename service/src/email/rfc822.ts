import { randomUUID } from 'node:crypto';
import type { EmailMessage } from './email-sender';

/** RFC 2047 encoded-word for a header value that is not plain ASCII. */
function encodeHeader(value: string): string {
  // header values never carry line breaks: they would start new headers
  const singleLine = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(singleLine)
    ? singleLine
    : `=?UTF-8?B?${Buffer.from(singleLine, 'utf8').toString('base64')}?=`;
}

/** `Name <address>` with only the display name encoded (an encoded address would not be one). */
function encodeAddress(value: string): string {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  if (!match?.[2]) {
    return encodeHeader(value);
  }
  const name = match[1]?.replace(/^"|"$/g, '') ?? '';
  return name ? `${encodeHeader(name)} <${match[2]}>` : `<${match[2]}>`;
}

/**
 * A complete RFC 5322 message as text. The body is sent 8bit (UTF-8, lines far below the 998
 * limit), not quoted-printable, so links stay whole and clickable when a person opens the file.
 */
export function formatRfc822(message: EmailMessage, from: string, date = new Date()): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'aurastream.local';
  const body = message.text.replace(/\r?\n/g, '\r\n');
  return [
    `From: ${encodeAddress(from)}`,
    `To: ${encodeAddress(message.to)}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ].join('\r\n');
}
