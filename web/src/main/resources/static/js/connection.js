// The page's one WebSocket (a ChatSocket of socket.js, made by app.js), for the modules that send frames on it.

export let socket = null;

export function useSocket(chatSocket) {
  socket = chatSocket;
}
