import { isIPv4, isIPv6 } from 'node:net';

/** The first four groups of an IPv6 address: its /64 network, which one subscriber usually holds whole. */
function ipv6Network(address: string): string {
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The client a sign-in attempt counts against: its IP address (as Express sees it, after
 * TRUST_PROXY), an IPv6 one by its /64 network so that one subscriber cannot step around a lock by
 * changing the low bits.
 */
export function clientOf(ip: string | undefined): string {
  const address = (ip ?? '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) {
    return mapped;
  }
  if (isIPv4(address)) {
    return address;
  }
  if (isIPv6(address) && !address.includes('.')) {
    return ipv6Network(address.toLowerCase());
  }
  return address || 'unknown';
}
