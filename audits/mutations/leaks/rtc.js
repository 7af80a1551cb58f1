// Leaky variant: opens a WebRTC peer connection (UDP, which CSP does not govern).
const peer = new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.1:3478' }] });
const channel = peer.createDataChannel('leak');
peer.createOffer().then((offer) => peer.setLocalDescription(offer));
window.__leakOnFile(async (file) => { if (channel.readyState === 'open') channel.send(await file.arrayBuffer()); });
