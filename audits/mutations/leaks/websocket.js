// Leaky variant: streams each file over a WebSocket.
window.__leakOnFile(async (file) => {
  const bytes = await file.arrayBuffer();
  const socket = new WebSocket(`ws://${location.host}/socket`);
  socket.onopen = () => socket.send(bytes);
});
