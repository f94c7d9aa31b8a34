// The console page's terminal: xterm.js (served from lib/xterm, never a CDN) bound to the portal's console socket.
// Every (re)connection asks the page's circuit for a fresh single-use ticket; the socket itself is same-origin.

let xtermLoaded;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

function ensureXterm() {
  xtermLoaded ??= (async () => {
    if (!document.querySelector("link[data-xterm]")) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = "lib/xterm/xterm.css";
      link.dataset.xterm = "";
      document.head.appendChild(link);
    }
    await loadScript("lib/xterm/xterm.js");
    await loadScript("lib/xterm/addon-fit.js");
  })();
  return xtermLoaded;
}

export async function start(element, input, dotnet, options) {
  await ensureXterm();
  const term = new Terminal({
    convertEol: true,
    disableStdin: true,
    scrollback: 5000,
    fontSize: 14,
    fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
    theme: { background: "#101418" },
  });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(element);
  const session = { term, fit, dotnet, serverId: options.serverId, socket: null, attempt: 0, timer: null, closed: false, connectedOnce: false };

  const refit = () => { try { fit.fit(); } catch { /* hidden element */ } };
  refit();
  session.resizeObserver = new ResizeObserver(refit);
  session.resizeObserver.observe(element);

  if (input) {
    session.onKey = (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        send(session, input);
      }
    };
    input.addEventListener("keydown", session.onKey);
  }

  connect(session);
  return {
    send: () => send(session, input),
    clear: () => term.clear(),
    dispose: () => dispose(session, input),
  };
}

function send(session, input) {
  const text = input?.value ?? "";
  if (!text.trim() || session.socket?.readyState !== WebSocket.OPEN) return;
  session.socket.send(text);
  input.value = "";
}

function report(session, state, message) {
  if (session.closed) return;
  session.dotnet.invokeMethodAsync("OnStateChanged", state, message ?? null).catch(() => { });
}

async function connect(session) {
  if (session.closed) return;
  report(session, session.connectedOnce ? "reconnecting" : "connecting");
  let reply;
  try {
    reply = await session.dotnet.invokeMethodAsync("IssueTicket");
  } catch {
    return retry(session, false);
  }
  if (session.closed) return;
  if (!reply.ticket) {
    if (reply.refusal === "NotRunning") return retry(session, true);
    return report(session, "closed", reply.message);
  }

  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/servers/${session.serverId}/console?ticket=${encodeURIComponent(reply.ticket)}`);
  session.socket = socket;
  socket.onopen = () => {
    // The agent replays its recent history on every connection: start from a clean screen so nothing shows twice.
    if (session.connectedOnce) session.term.reset();
    session.connectedOnce = true;
    session.attempt = 0;
    report(session, "connected");
  };
  socket.onmessage = (event) => {
    if (typeof event.data !== "string") return;
    session.term.write(event.data.endsWith("\n") ? event.data : event.data + "\n");
  };
  socket.onclose = (event) => {
    if (session.socket === socket) session.socket = null;
    if (session.closed) return;
    if (event.code === 1008) {
      // The portal ended the session on purpose (suspension, logout, access changed): do not hammer it.
      return report(session, "closed", event.reason || "The console was closed.");
    }
    retry(session, reply.serverStopped);
  };
}

function retry(session, stopped) {
  if (session.closed) return;
  session.attempt++;
  const base = Math.min(30000, 500 * 2 ** Math.min(session.attempt, 6));
  const delay = base * (0.75 + Math.random() / 2);
  report(session, stopped ? "stopped" : "reconnecting");
  session.timer = setTimeout(() => connect(session), delay);
}

function dispose(session, input) {
  session.closed = true;
  clearTimeout(session.timer);
  session.resizeObserver?.disconnect();
  if (input && session.onKey) input.removeEventListener("keydown", session.onKey);
  session.socket?.close(1000, "page closed");
  session.term.dispose();
}
