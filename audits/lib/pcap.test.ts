import { describe, expect, it } from 'vitest';
import { allowedPacket, countByProtocol, dnsQuestion, flows, isHostMulticast, LINKTYPE, parsePcap, PcapError, protocolLabel } from './pcap.ts';

const BROWSER = '10.213.1.2';
const PROXY = '10.213.1.1';
const POLICY = { browserAddress: BROWSER, proxyAddress: PROXY, proxyPort: 41000 };

const bytesOf = (address: string) => address.split('.').map(Number);

function ipv4(protocol: number, src: string, dst: string, transport: number[]): number[] {
  const total = 20 + transport.length;
  return [0x45, 0, total >> 8, total & 0xff, 0, 0, 0x40, 0, 64, protocol, 0, 0, ...bytesOf(src), ...bytesOf(dst), ...transport];
}
const port = (n: number) => [n >> 8, n & 0xff];
const tcp = (sp: number, dp: number, flags = 0x02, payload: number[] = []) => [...port(sp), ...port(dp), 0, 0, 0, 1, 0, 0, 0, 0, 0x50, flags, 0xff, 0xff, 0, 0, 0, 0, ...payload];
const udp = (sp: number, dp: number, payload: number[]) => [...port(sp), ...port(dp), 0, 8 + payload.length, 0, 0, ...payload];
/** A DNS query for `name`, type A. */
const dns = (name: string) => [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, ...name.split('.').flatMap((l) => [l.length, ...[...l].map((c) => c.charCodeAt(0))]), 0, 0, 1, 0, 1];
/** A STUN binding request. */
const stun = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, ...new Array(12).fill(7)];
/** Linux cooked v2 header (tcpdump -i any) for an EtherType. */
const sll2 = (etherType: number) => [etherType >> 8, etherType & 0xff, 0, 0, 0, 0, 0, 3, 0, 1, 0, 4, 6, 0, 0, 0, 0, 0, 0, 0];
const ether = (etherType: number) => [...new Array(12).fill(0xaa), etherType >> 8, etherType & 0xff];
const arp = (src: string, dst: string) => [0, 1, 8, 0, 6, 4, 0, 1, ...new Array(6).fill(1), ...bytesOf(src), ...new Array(6).fill(0), ...bytesOf(dst)];

/** A classic pcap file (little-endian, microseconds) with the given frames. */
function pcap(linkType: number, frames: number[][], { bigEndian = false, cutLast = 0 } = {}): Uint8Array {
  const header = Buffer.alloc(24);
  const write32 = (b: Buffer, v: number, at: number) => (bigEndian ? b.writeUInt32BE(v, at) : b.writeUInt32LE(v, at));
  write32(header, 0xa1b2c3d4, 0);
  (bigEndian ? header.writeUInt16BE.bind(header) : header.writeUInt16LE.bind(header))(2, 4);
  (bigEndian ? header.writeUInt16BE.bind(header) : header.writeUInt16LE.bind(header))(4, 6);
  write32(header, 262144, 16);
  write32(header, linkType, 20);
  const records = frames.map((frame, i) => {
    const record = Buffer.alloc(16);
    write32(record, 1_800_000_000 + i, 0);
    write32(record, 500_000, 4);
    write32(record, frame.length, 8);
    write32(record, frame.length, 12);
    return Buffer.concat([record, Buffer.from(frame)]);
  });
  const file = Buffer.concat([header, ...records]);
  return new Uint8Array(file.subarray(0, file.length - cutLast));
}

describe('parsePcap', () => {
  it('decodes Linux cooked v2 frames (tcpdump -i any): TCP, UDP/DNS, STUN, ARP, with times', () => {
    const capture = parsePcap(pcap(LINKTYPE.LINUX_SLL2, [
      [...sll2(0x0800), ...ipv4(6, BROWSER, PROXY, tcp(50000, 41000))],
      [...sll2(0x0800), ...ipv4(17, BROWSER, BROWSER, udp(40000, 53, dns('leak-abc.imglio-audit.invalid')))],
      [...sll2(0x0800), ...ipv4(17, '127.0.0.1', '127.0.0.1', udp(40001, 3478, stun))],
      [...sll2(0x0806), ...arp(BROWSER, PROXY)],
    ]));
    expect(capture.linkType).toBe(276);
    expect(capture.truncated).toBe(false);
    expect(capture.packets.map(protocolLabel)).toEqual(['TCP', 'UDP/DNS', 'UDP/STUN', 'ARP']);
    const [first, second] = capture.packets;
    expect(first).toMatchObject({ src: BROWSER, dst: PROXY, srcPort: 50000, dstPort: 41000, transport: 'tcp', tcpFlags: 0x02 });
    expect(first?.time).toBe(1_800_000_000_500);
    expect(dnsQuestion(second?.payload ?? new Uint8Array())).toEqual({ name: 'leak-abc.imglio-audit.invalid', type: 1 });
    expect(countByProtocol(capture.packets)).toEqual({ ARP: 1, TCP: 1, 'UDP/DNS': 1, 'UDP/STUN': 1 });
  });

  it('reads big-endian files, Ethernet and cooked v1 frames, and IPv6/ICMPv6', () => {
    const ipv6 = [0x60, 0, 0, 0, 0, 8, 58, 255, 0xfe, 0x80, ...new Array(13).fill(0), 1, 0xff, 0x02, ...new Array(13).fill(0), 2, 135, 0, 0, 0, 0, 0, 0, 0];
    const ethernet = parsePcap(pcap(LINKTYPE.ETHERNET, [[...ether(0x0800), ...ipv4(1, BROWSER, PROXY, [8, 0, 0, 0])], [...ether(0x86dd), ...ipv6]], { bigEndian: true }));
    expect(ethernet.packets.map(protocolLabel)).toEqual(['ICMP type 8', 'ICMPv6 type 135']);
    expect(ethernet.packets[1]).toMatchObject({ src: 'fe80::1', dst: 'ff02::2' });
    const sll = [0, 0, 0, 1, 0, 6, ...new Array(8).fill(0), 0x08, 0x00];
    const cooked = parsePcap(pcap(LINKTYPE.LINUX_SLL, [[...sll, ...ipv4(17, BROWSER, '192.0.2.9', udp(5000, 443, [0xc3, 0, 0, 0, 1, 8]))]]));
    expect(cooked.packets.map(protocolLabel)).toEqual(['UDP/QUIC']);
  });

  it('reports a capture cut inside a record, refuses other formats and corrupt lengths', () => {
    const cut = parsePcap(pcap(LINKTYPE.LINUX_SLL2, [[...sll2(0x0800), ...ipv4(6, BROWSER, PROXY, tcp(1, 2))], [...sll2(0x0800), ...ipv4(6, BROWSER, PROXY, tcp(1, 2))]], { cutLast: 5 }));
    expect(cut.packets).toHaveLength(1);
    expect(cut.truncated).toBe(true);
    expect(() => parsePcap(new Uint8Array(10))).toThrow(PcapError);
    expect(() => parsePcap(new Uint8Array([0x0a, 0x0d, 0x0d, 0x0a, ...new Array(40).fill(0)]))).toThrow(/pcapng/);
    const corrupt = Buffer.from(pcap(LINKTYPE.LINUX_SLL2, [[1, 2, 3]]));
    corrupt.writeUInt32LE(10_000_000, 24 + 8);
    expect(() => parsePcap(corrupt)).toThrow(/corrupt/);
  });

  it('stops decoding at its limit and says how many it skipped', () => {
    const frames = Array.from({ length: 5 }, () => [...sll2(0x0800), ...ipv4(6, BROWSER, PROXY, tcp(1, 2))]);
    const capture = parsePcap(pcap(LINKTYPE.LINUX_SLL2, frames), 3);
    expect(capture.packets).toHaveLength(3);
    expect(capture.skipped).toBe(2);
  });

  it('keeps undecodable frames as packets, labelled', () => {
    const capture = parsePcap(pcap(LINKTYPE.LINUX_SLL2, [[...sll2(0x88cc), 1, 2, 3], [...sll2(0x0800), 0x45, 0]]));
    expect(capture.packets.map(protocolLabel)).toEqual(['EtherType 0x88cc', 'bad IPv4 header']);
  });
});

describe('allowedPacket', () => {
  const packet = (ip: number[]) => parsePcap(pcap(LINKTYPE.LINUX_SLL2, [[...sll2(0x0800), ...ip]])).packets[0];

  it('allows only TCP between the browser and the proxy port, both ways, and ARP between the two', () => {
    expect(allowedPacket(packet(ipv4(6, BROWSER, PROXY, tcp(50000, 41000)))!, POLICY)).toBe(true);
    expect(allowedPacket(packet(ipv4(6, PROXY, BROWSER, tcp(41000, 50000, 0x12)))!, POLICY)).toBe(true);
    expect(allowedPacket(parsePcap(pcap(LINKTYPE.LINUX_SLL2, [[...sll2(0x0806), ...arp(PROXY, BROWSER)]])).packets[0]!, POLICY)).toBe(true);
  });

  it('refuses everything else: another port, another address, loopback, UDP, DNS, ICMP, ARP for others', () => {
    const refused = [
      ipv4(6, BROWSER, PROXY, tcp(50000, 2024)),
      ipv4(6, PROXY, BROWSER, tcp(2024, 50000)),
      ipv4(6, BROWSER, '192.0.2.1', tcp(50000, 41000)),
      ipv4(6, '127.0.0.1', '127.0.0.1', tcp(50000, 41000)),
      ipv4(17, BROWSER, PROXY, udp(5000, 41000, [1, 2, 3])),
      ipv4(17, BROWSER, BROWSER, udp(5000, 53, dns('a.invalid'))),
      ipv4(1, PROXY, BROWSER, [3, 3, 0, 0]),
      ipv4(2, BROWSER, '224.0.0.22', [0x22, 0, 0, 0]),
    ];
    for (const ip of refused) expect(allowedPacket(packet(ip)!, POLICY), JSON.stringify(ip.slice(9, 20))).toBe(false);
    expect(allowedPacket(parsePcap(pcap(LINKTYPE.LINUX_SLL2, [[...sll2(0x0806), ...arp(BROWSER, '10.213.1.3')]])).packets[0]!, POLICY)).toBe(false);
  });

  it("sets aside only the host's own multicast on its end of the veth, never the browser's", () => {
    const fromHost = packet(ipv4(17, PROXY, '224.0.0.251', udp(5353, 5353, [0, 0])))!;
    const fromBrowser = packet(ipv4(17, BROWSER, '224.0.0.251', udp(5353, 5353, [0, 0])))!;
    const unicastFromHost = packet(ipv4(17, PROXY, BROWSER, udp(5353, 5353, [0, 0])))!;
    expect([fromHost, fromBrowser, unicastFromHost].map((p) => isHostMulticast(p, POLICY))).toEqual([true, false, false]);
    expect(isHostMulticast(packet(ipv4(2, PROXY, '224.0.0.22', [0x22, 0, 0, 0]))!, POLICY)).toBe(true);
  });

  it('groups what it refuses into flows with the DNS names and STUN messages seen', () => {
    const packets = parsePcap(pcap(LINKTYPE.LINUX_SLL2, [
      [...sll2(0x0800), ...ipv4(17, BROWSER, BROWSER, udp(40000, 53, dns('x1.leak.invalid')))],
      [...sll2(0x0800), ...ipv4(17, BROWSER, BROWSER, udp(40002, 53, dns('x2.leak.invalid')))],
      [...sll2(0x0800), ...ipv4(17, '127.0.0.1', '127.0.0.1', udp(40001, 3478, stun))],
    ])).packets;
    const grouped = flows(packets);
    expect(grouped.map((f) => [f.protocol, f.src, f.dst, f.packets, [...f.details]])).toEqual([
      ['UDP/DNS', BROWSER, `${BROWSER}:53`, 2, ['query x1.leak.invalid (type 1)', 'query x2.leak.invalid (type 1)']],
      ['UDP/STUN', '127.0.0.1', '127.0.0.1:3478', 1, ['STUN message type 0x0001']],
    ]);
  });
});
