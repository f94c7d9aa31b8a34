using System.Net.WebSockets;
using System.Text;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// A minimal web IDE on the IDE port of a dev container: one page (file list, editor, terminal), a files
/// API and a line-oriented shell over WebSocket. All URLs are relative so it works behind a proxy.
/// </summary>
internal sealed class IdeServer(AgentRuntime agent)
{
    public async Task HandleAsync(HttpContext context, CancellationToken lifetime)
    {
        var path = context.Request.Path.Value ?? "/";
        switch (context.Request.Method, path)
        {
            case ("GET", "/"):
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'";
                await context.Response.WriteAsync(Page());
                break;
            case ("GET", "/api/files"):
                await context.Response.WriteAsJsonAsync(agent.ListFiles(null));
                break;
            case ("GET", "/api/files/content"):
                await agent.ReadFileAsync(context);
                break;
            case ("PUT", "/api/files/content"):
                await agent.WriteFileAsync(context);
                break;
            case ("GET", "/terminal"):
                await TerminalAsync(context, lifetime);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private string Page() => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>IDE · CT {{agent.Vmid}}</title>
        <style>
          body { margin: 0; font: 14px system-ui, sans-serif; display: grid; grid-template-columns: 220px 1fr; grid-template-rows: 1fr 220px; height: 100vh; }
          #files { grid-row: 1 / 3; border-right: 1px solid #ccc; overflow: auto; padding: 8px; }
          #files a { display: block; cursor: pointer; padding: 2px 0; }
          #editor { display: flex; flex-direction: column; }
          #editor textarea { flex: 1; font: 13px monospace; }
          #terminal { background: #111; color: #ddd; font: 13px monospace; display: flex; flex-direction: column; }
          #output { flex: 1; overflow: auto; margin: 0; padding: 6px; white-space: pre-wrap; }
          #input { background: #222; color: #eee; border: 0; padding: 6px; font: inherit; }
        </style></head>
        <body>
          <nav id="files" aria-label="Files"></nav>
          <section id="editor"><div><span id="current">(no file)</span> <button id="save" disabled>Save</button></div><textarea id="content" spellcheck="false"></textarea></section>
          <section id="terminal"><pre id="output"></pre><input id="input" aria-label="Terminal input" autocomplete="off"></section>
          <script>
            let current = null;
            const text = t => document.createTextNode(t);
            async function load() {
              const files = await (await fetch('api/files')).json();
              const nav = document.getElementById('files'); nav.replaceChildren();
              for (const f of files) { const a = document.createElement('a'); a.appendChild(text(f.path)); a.onclick = () => open(f.path); nav.appendChild(a); }
            }
            async function open(path) {
              current = path;
              document.getElementById('content').value = await (await fetch('api/files/content?path=' + encodeURIComponent(path))).text();
              document.getElementById('current').textContent = path; document.getElementById('save').disabled = false;
            }
            document.getElementById('save').onclick = async () => {
              await fetch('api/files/content?path=' + encodeURIComponent(current), { method: 'PUT', body: document.getElementById('content').value });
              load();
            };
            const url = new URL('terminal', location.href); url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
            const ws = new WebSocket(url); const out = document.getElementById('output');
            ws.onmessage = e => { out.appendChild(text(e.data)); out.scrollTop = out.scrollHeight; };
            document.getElementById('input').onkeydown = e => { if (e.key === 'Enter') { ws.send(e.target.value + '\n'); e.target.value = ''; } };
            load();
          </script>
        </body></html>
        """;

    private async Task TerminalAsync(HttpContext context, CancellationToken lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var prompt = $"dev@ct{agent.Vmid}:~/workspace$ ";
        var buffer = new byte[4096];
        var line = new StringBuilder();
        try
        {
            await SendAsync(socket, $"Welcome to the ZeroLagHub dev container (CT {agent.Vmid}).\r\n{prompt}", lifetime);
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, lifetime);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", lifetime);
                    return;
                }

                var input = Encoding.UTF8.GetString(buffer, 0, result.Count);
                foreach (var ch in input)
                {
                    if (ch is '\r' or '\n')
                    {
                        var output = Execute(line.ToString().Trim());
                        line.Clear();
                        await SendAsync(socket, "\r\n" + output + prompt, lifetime);
                    }
                    else if (line.Length < 4096)
                    {
                        line.Append(ch);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }

    private static Task SendAsync(WebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);

    private string Execute(string command)
    {
        var parts = command.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return "";
        }

        var argument = parts.Length > 1 ? parts[1] : "";
        return parts[0] switch
        {
            "ls" => string.Join("\r\n", agent.ListFiles(null).Select(f => f.Path)) + "\r\n",
            "cat" => AgentFiles.Confine(argument) is { } path && agent.ReadFile(path) is { } content
                ? content.Replace("\n", "\r\n", StringComparison.Ordinal)
                : $"cat: {argument}: No such file or directory\r\n",
            "echo" => argument + "\r\n",
            "pwd" => "/home/dev/workspace\r\n",
            "whoami" => "dev\r\n",
            "uname" => "Linux\r\n",
            _ => $"bash: {parts[0]}: command not found\r\n",
        };
    }
}
