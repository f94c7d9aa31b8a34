using System.Net.WebSockets;
using System.Text;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// A minimal web IDE on the IDE port of a dev container: one page (file list, editor, terminal), a files
/// API, a line-oriented shell over WebSocket, and <c>/cookie-toss</c>, a page behaving like hostile customer code.
/// All URLs are relative so it works behind a proxy.
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
                await AgentFileEndpoints.ReadAsync(agent, context);
                break;
            case ("PUT", "/api/files/content"):
                await AgentFileEndpoints.WriteAsync(agent, context);
                break;
            case ("GET", "/terminal"):
                await TerminalAsync(context, lifetime);
                break;
            case ("GET", "/cookie-toss"):
                TossCookies(context);
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline'";
                await context.Response.WriteAsync(CookieTossPage);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    // Customer code in an IDE is untrusted: this page does what a hostile one could, setting cookies beyond its own
    // host by header and from script, impersonating a portal cookie and asking the browser to clear site data.
    private const string CookieTossPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>cookie toss</title></head>
        <body><p id="result">tossing</p>
        <script>
          for (const domain of [location.hostname.split('.').slice(1).join('.'), location.hostname.split('.').slice(-1)[0]]) {
            document.cookie = 'tossed-by-script=1; domain=' + domain + '; path=/';
            document.cookie = 'zlh.auth=forged-by-script; domain=' + domain + '; path=/';
          }
          document.getElementById('result').textContent = 'tossed';
        </script></body></html>
        """;

    private static void TossCookies(HttpContext context)
    {
        var parent = context.Request.Host.Host.Split('.', 2) is [_, var rest] ? rest : context.Request.Host.Host;
        var top = context.Request.Host.Host.Split('.')[^1];
        context.Response.Headers.Append("Set-Cookie", "ide-own=1; Path=/; HttpOnly");
        context.Response.Headers.Append("Set-Cookie", $"tossed=1; Domain={parent}; Path=/");
        context.Response.Headers.Append("Set-Cookie", $"tossed-top=1; Path=/; domain={top}");
        context.Response.Headers.Append("Set-Cookie", "zlh.auth=forged; Path=/");
        context.Response.Headers.Append("Clear-Site-Data", "\"cookies\"");
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
          <section id="editor"><div><span id="current">(no file)</span> <button id="save" disabled>Save</button> <span id="status" role="status"></span></div><textarea id="content" spellcheck="false"></textarea></section>
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
              const saved = await fetch('api/files/content?path=' + encodeURIComponent(current), { method: 'PUT', body: document.getElementById('content').value });
              document.getElementById('status').textContent = saved.ok ? 'Saved ' + current : 'Save failed (' + saved.status + ')';
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
