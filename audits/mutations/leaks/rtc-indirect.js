// Leaky variant: WebRTC shaped to avoid the static scan and the runtime trap. The peer connection
// constructor's name never appears in the source (it is decoded at run time), and it is reached through
// `prototype.constructor`, which is the original function even where the global has been wrapped. Its STUN server is
// 127.0.0.1: inside the audit's network namespace that is the namespace's own loopback, so the UDP packets
// stay inside it (and on this machine without the namespace).
const Peer = window[window.atob('UlRDUGVlckNvbm5lY3Rpb24=')].prototype.constructor;
const peer = new Peer({ iceServers: [{ urls: 'stun:127.0.0.1:3478' }] });
const channel = peer.createDataChannel('leak');
peer.createOffer().then((offer) => peer.setLocalDescription(offer));
window.__leakOnFile(async (file) => { if (channel.readyState === 'open') channel.send(await file.arrayBuffer()); });
