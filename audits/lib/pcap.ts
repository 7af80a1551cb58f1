/**
 * A small, bounded reader for classic libpcap capture files (what
 * `tcpdump -w` writes) and a classifier for the packet witness. It decodes
 * only what the audit needs: the link layer (Ethernet, Linux "cooked" v1/v2
 * as `tcpdump -i any` writes, raw IP), ARP, IPv4/IPv6, TCP/UDP/ICMP/ICMPv6,
 * and a glance at UDP payloads (DNS question names, STUN, QUIC long headers)
 * for the evidence. Anything it cannot decode is reported as such, never
 * dropped: the witness fails closed.
 */

export interface Packet {
  readonly index: number;
  /** Capture time, milliseconds since the epoch. */
  readonly time: number;
  readonly length: number;
  /** Link-layer protocol (EtherType), or null when the link header was unusable. */
  readonly etherType: number | null;
  readonly network: 'ipv4' | 'ipv6' | 'arp' | 'other';
  readonly transport: 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'other' | null;
  /** IP protocol number, when IP. */
  readonly protocol?: number;
  readonly src?: string;
  readonly dst?: string;
  readonly srcPort?: number;
  readonly dstPort?: number;
  /** ICMP/ICMPv6 type. */
  readonly icmpType?: number;
  readonly tcpFlags?: number;
  /** Transport payload (UDP/TCP), capped by the snap length. */
  readonly payload?: Uint8Array;
  /** Why it could not be decoded further. */
  readonly note?: string;
}

export interface Capture {
  readonly linkType: number;
  readonly snapLength: number;
  readonly packets: Packet[];
  /** Set when the file ended inside a record (the capture was cut). */
  readonly truncated: boolean;
  /** Records beyond the limit, not decoded. */
  readonly skipped: number;
}

export const LINKTYPE = { NULL: 0, ETHERNET: 1, RAW: 101, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276 } as const;
const ETHERTYPE = { IPV4: 0x0800, ARP: 0x0806, IPV6: 0x86dd, VLAN: 0x8100 } as const;
const MAX_PACKETS_DEFAULT = 1_000_000;

export class PcapError extends Error {}

function ipv4(bytes: Uint8Array, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

function ipv6(bytes: Uint8Array, at: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[at + i] ?? 0) << 8) | (bytes[at + i + 1] ?? 0)).toString(16));
  // Shorten the longest run of zero groups, as usual.
  let best = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; i += 1) {
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > bestLength && j - i > 1) {
      best = i;
      bestLength = j - i;
    }
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

function decodeNetwork(base: Omit<Packet, 'network' | 'transport'>, bytes: Uint8Array, at: number, etherType: number | null): Packet {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (etherType === ETHERTYPE.ARP) {
    if (bytes.length < at + 28) return { ...base, network: 'arp', transport: null, note: 'short ARP' };
    return { ...base, network: 'arp', transport: null, src: ipv4(bytes, at + 14), dst: ipv4(bytes, at + 24), icmpType: view.getUint16(at + 6) };
  }
  let protocol: number;
  let src: string;
  let dst: string;
  let transportAt: number;
  let network: 'ipv4' | 'ipv6';
  if (etherType === ETHERTYPE.IPV4) {
    if (bytes.length < at + 20 || (bytes[at] ?? 0) >> 4 !== 4) return { ...base, network: 'other', transport: null, note: 'bad IPv4 header' };
    network = 'ipv4';
    protocol = bytes[at + 9] ?? 0;
    src = ipv4(bytes, at + 12);
    dst = ipv4(bytes, at + 16);
    transportAt = at + ((bytes[at] ?? 0) & 0x0f) * 4;
    const fragmentOffset = view.getUint16(at + 6) & 0x1fff;
    if (fragmentOffset !== 0) return { ...base, network, transport: 'other', protocol, src, dst, note: 'IPv4 fragment' };
  } else if (etherType === ETHERTYPE.IPV6) {
    if (bytes.length < at + 40 || (bytes[at] ?? 0) >> 4 !== 6) return { ...base, network: 'other', transport: null, note: 'bad IPv6 header' };
    network = 'ipv6';
    protocol = bytes[at + 6] ?? 0;
    src = ipv6(bytes, at + 8);
    dst = ipv6(bytes, at + 24);
    transportAt = at + 40;
    // Skip the usual extension headers (hop-by-hop, routing, destination options), bounded.
    for (let hops = 0; hops < 8 && [0, 43, 60].includes(protocol) && bytes.length >= transportAt + 8; hops += 1) {
      protocol = bytes[transportAt] ?? 0;
      transportAt += ((bytes[transportAt + 1] ?? 0) + 1) * 8;
    }
  } else {
    return { ...base, network: 'other', transport: null, note: etherType === null ? 'unknown link layer' : `EtherType 0x${etherType.toString(16).padStart(4, '0')}` };
  }
  const ip = { ...base, network, protocol, src, dst };
  if (protocol === 6) {
    if (bytes.length < transportAt + 20) return { ...ip, transport: 'tcp', note: 'short TCP header' };
    const dataAt = transportAt + ((bytes[transportAt + 12] ?? 0) >> 4) * 4;
    return { ...ip, transport: 'tcp', srcPort: view.getUint16(transportAt), dstPort: view.getUint16(transportAt + 2), tcpFlags: bytes[transportAt + 13] ?? 0, payload: bytes.subarray(Math.min(dataAt, bytes.length)) };
  }
  if (protocol === 17) {
    if (bytes.length < transportAt + 8) return { ...ip, transport: 'udp', note: 'short UDP header' };
    return { ...ip, transport: 'udp', srcPort: view.getUint16(transportAt), dstPort: view.getUint16(transportAt + 2), payload: bytes.subarray(transportAt + 8) };
  }
  if (protocol === 1 || protocol === 58) {
    return { ...ip, transport: protocol === 1 ? 'icmp' : 'icmpv6', ...(bytes.length > transportAt ? { icmpType: bytes[transportAt] ?? 0 } : {}) };
  }
  return { ...ip, transport: 'other', note: `IP protocol ${protocol}` };
}

function decodeLink(linkType: number, index: number, time: number, length: number, bytes: Uint8Array): Packet {
  const base = { index, time, length };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ipVersion = (at: number) => ((bytes[at] ?? 0) >> 4 === 6 ? ETHERTYPE.IPV6 : (bytes[at] ?? 0) >> 4 === 4 ? ETHERTYPE.IPV4 : null);
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      if (bytes.length < 14) return { ...base, etherType: null, network: 'other', transport: null, note: 'short Ethernet header' };
      let etherType = view.getUint16(12);
      let at = 14;
      if (etherType === ETHERTYPE.VLAN && bytes.length >= 18) {
        etherType = view.getUint16(16);
        at = 18;
      }
      return decodeNetwork({ ...base, etherType }, bytes, at, etherType);
    }
    case LINKTYPE.LINUX_SLL: {
      if (bytes.length < 16) return { ...base, etherType: null, network: 'other', transport: null, note: 'short SLL header' };
      const etherType = view.getUint16(14);
      return decodeNetwork({ ...base, etherType }, bytes, 16, etherType);
    }
    case LINKTYPE.LINUX_SLL2: {
      if (bytes.length < 20) return { ...base, etherType: null, network: 'other', transport: null, note: 'short SLL2 header' };
      const etherType = view.getUint16(0);
      return decodeNetwork({ ...base, etherType }, bytes, 20, etherType);
    }
    case LINKTYPE.NULL: {
      if (bytes.length < 4) return { ...base, etherType: null, network: 'other', transport: null, note: 'short loopback header' };
      const etherType = ipVersion(4);
      return decodeNetwork({ ...base, etherType }, bytes, 4, etherType);
    }
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6: {
      const etherType = ipVersion(0);
      return decodeNetwork({ ...base, etherType }, bytes, 0, etherType);
    }
    default:
      return { ...base, etherType: null, network: 'other', transport: null, note: `link type ${linkType} not decoded` };
  }
}

/** Parses a classic pcap file (either byte order, micro- or nanosecond timestamps). Bounded by `maxPackets`. */
export function parsePcap(file: Uint8Array, maxPackets = MAX_PACKETS_DEFAULT): Capture {
  if (file.length < 24) throw new PcapError(`not a pcap file: ${file.length} bytes, the header alone is 24`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = view.getUint32(0, false);
  let little: boolean;
  let nano: boolean;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) {
    little = false;
    nano = magic === 0xa1b23c4d;
  } else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) {
    little = true;
    nano = magic === 0x4d3cb2a1;
  } else if (magic === 0x0a0d0d0a) {
    throw new PcapError('pcapng files are not supported; capture with tcpdump -w (classic pcap)');
  } else {
    throw new PcapError(`not a pcap file: magic 0x${magic.toString(16)}`);
  }
  const snapLength = view.getUint32(16, little);
  const linkType = view.getUint32(20, little) & 0x0fffffff;
  const packets: Packet[] = [];
  let at = 24;
  let truncated = false;
  let skipped = 0;
  while (at < file.length) {
    if (at + 16 > file.length) {
      truncated = true;
      break;
    }
    const seconds = view.getUint32(at, little);
    const fraction = view.getUint32(at + 4, little);
    const captured = view.getUint32(at + 8, little);
    const original = view.getUint32(at + 12, little);
    if (captured > Math.max(snapLength, 262_144) || captured > original) {
      throw new PcapError(`record at byte ${at} claims ${captured} captured bytes (snap length ${snapLength}, original ${original}): corrupt file`);
    }
    if (at + 16 + captured > file.length) {
      truncated = true;
      break;
    }
    if (packets.length >= maxPackets) {
      skipped += 1;
    } else {
      const time = seconds * 1000 + (nano ? fraction / 1e6 : fraction / 1e3);
      packets.push(decodeLink(linkType, packets.length, time, original, file.subarray(at + 16, at + 16 + captured)));
    }
    at += 16 + captured;
  }
  return { linkType, snapLength, packets, truncated, skipped };
}

/** The first DNS question's name, or null when the payload is not a well-formed DNS message. */
export function dnsQuestion(payload: Uint8Array): { name: string; type: number } | null {
  if (payload.length < 12) return null;
  const count = ((payload[4] ?? 0) << 8) | (payload[5] ?? 0);
  if (count < 1) return null;
  const labels: string[] = [];
  let at = 12;
  for (let guard = 0; guard < 128; guard += 1) {
    const length = payload[at];
    if (length === undefined || length > 63) return null;
    at += 1;
    if (length === 0) break;
    if (at + length > payload.length) return null;
    labels.push(String.fromCharCode(...payload.subarray(at, at + length)));
    at += length;
  }
  if (at + 2 > payload.length) return null;
  return { name: labels.join('.') || '.', type: ((payload[at] ?? 0) << 8) | (payload[at + 1] ?? 0) };
}

/** A STUN message (RFC 5389: two zero bits, a length, the magic cookie 0x2112A442). */
export function isStun(payload: Uint8Array): boolean {
  return payload.length >= 20 && ((payload[0] ?? 0) & 0xc0) === 0 && payload[4] === 0x21 && payload[5] === 0x12 && payload[6] === 0xa4 && payload[7] === 0x42;
}

/** A QUIC long-header packet (Initial, Handshake…): the top two bits set and a known version field. */
export function isQuicLongHeader(payload: Uint8Array): boolean {
  return payload.length >= 5 && ((payload[0] ?? 0) & 0xc0) === 0xc0;
}

/** A short human label for a packet's protocol, for counts and evidence. */
export function protocolLabel(packet: Packet): string {
  if (packet.network === 'arp') return 'ARP';
  if (packet.network === 'other') return packet.note ?? 'unknown';
  const payload = packet.payload ?? new Uint8Array();
  if (packet.transport === 'udp') {
    if (packet.dstPort === 53 || packet.srcPort === 53) return 'UDP/DNS';
    if (packet.dstPort === 5353 || packet.srcPort === 5353) return 'UDP/mDNS';
    if (isStun(payload)) return 'UDP/STUN';
    if ((packet.dstPort === 443 || packet.srcPort === 443) && isQuicLongHeader(payload)) return 'UDP/QUIC';
    return 'UDP';
  }
  if (packet.transport === 'tcp') return packet.dstPort === 53 || packet.srcPort === 53 ? 'TCP/DNS' : 'TCP';
  if (packet.transport === 'icmp') return `ICMP type ${packet.icmpType ?? '?'}`;
  if (packet.transport === 'icmpv6') return `ICMPv6 type ${packet.icmpType ?? '?'}`;
  if (packet.protocol === 2) return 'IGMP';
  return packet.note ?? `IP protocol ${packet.protocol ?? '?'}`;
}

export interface WitnessPolicy {
  /** The browser's address in its namespace. */
  readonly browserAddress: string;
  /** The recording proxy: the only peer allowed. */
  readonly proxyAddress: string;
  readonly proxyPort: number;
}

/** ICMPv6 neighbour discovery (router/neighbour solicitation and advertisement, redirect): link upkeep. */
const NEIGHBOUR_DISCOVERY = new Set([133, 134, 135, 136, 137]);

/**
 * Whether a packet is allowed: TCP between the browser's address (any port)
 * and the proxy's address and port, in either direction; or ARP/neighbour
 * discovery between exactly those two addresses. Everything else is not.
 */
export function allowedPacket(packet: Packet, policy: WitnessPolicy): boolean {
  const between = (a: string | undefined, b: string | undefined) =>
    (a === policy.browserAddress && b === policy.proxyAddress) || (a === policy.proxyAddress && b === policy.browserAddress);
  if (packet.network === 'arp') return between(packet.src, packet.dst);
  if (packet.transport === 'icmpv6') return NEIGHBOUR_DISCOVERY.has(packet.icmpType ?? -1) && packet.note === undefined;
  if (packet.transport !== 'tcp' || packet.note !== undefined) return false;
  if (packet.src === policy.browserAddress && packet.dst === policy.proxyAddress) return packet.dstPort === policy.proxyPort;
  if (packet.src === policy.proxyAddress && packet.dst === policy.browserAddress) return packet.srcPort === policy.proxyPort;
  return false;
}

const isMulticastOrBroadcast = (address: string | undefined): boolean => {
  if (address === undefined) return false;
  if (address.includes(':')) return address.toLowerCase().startsWith('ff');
  const first = Number(address.split('.')[0]);
  return (first >= 224 && first <= 239) || address === '255.255.255.255';
};

/**
 * Multicast or broadcast the host itself sends out of its end of the veth (an mDNS responder or IGMP report of
 * some other program on the host, which sees a new interface): it comes from the proxy's address, not from the
 * browser, and goes to no one in particular, so it cannot carry anything the browser sent. Set aside, listed.
 */
export function isHostMulticast(packet: Packet, policy: WitnessPolicy): boolean {
  return packet.src === policy.proxyAddress && isMulticastOrBroadcast(packet.dst);
}

export interface Flow {
  readonly protocol: string;
  readonly src: string;
  readonly dst: string;
  packets: number;
  bytes: number;
  readonly firstTime: number;
  lastTime: number;
  /** Decoded details: DNS names asked, STUN, QUIC. */
  readonly details: Set<string>;
}

const endpoint = (address: string | undefined, port: number | undefined) => (address === undefined ? '?' : port === undefined ? address : address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

/** Groups packets into flows (protocol, source address, destination address and port) with decoded details. */
export function flows(packets: readonly Packet[]): Flow[] {
  const byKey = new Map<string, Flow>();
  for (const packet of packets) {
    const protocol = protocolLabel(packet);
    // The source port is left out: lookups and STUN retries each come from a new ephemeral port.
    const src = packet.src ?? '?';
    const dst = endpoint(packet.dst, packet.dstPort);
    const key = `${protocol} ${src} ${dst}`;
    let flow = byKey.get(key);
    if (!flow) {
      flow = { protocol, src, dst, packets: 0, bytes: 0, firstTime: packet.time, lastTime: packet.time, details: new Set() };
      byKey.set(key, flow);
    }
    flow.packets += 1;
    flow.bytes += packet.length;
    flow.lastTime = packet.time;
    const payload = packet.payload;
    if (payload && packet.transport === 'udp' && flow.details.size < 20) {
      if (protocol.endsWith('DNS')) {
        const question = dnsQuestion(payload);
        if (question) flow.details.add(`${payload[2] !== undefined && (payload[2] & 0x80) ? 'answer' : 'query'} ${question.name} (type ${question.type})`);
      } else if (protocol === 'UDP/STUN') {
        flow.details.add(`STUN message type 0x${(((payload[0] ?? 0) << 8) | (payload[1] ?? 0)).toString(16).padStart(4, '0')}`);
      } else if (protocol === 'UDP/QUIC') {
        flow.details.add('QUIC long header');
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.firstTime - b.firstTime);
}

/** Packet counts by protocol label, sorted by label. */
export function countByProtocol(packets: readonly Packet[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const packet of packets) {
    const label = protocolLabel(packet);
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
