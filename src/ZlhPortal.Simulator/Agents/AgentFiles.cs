namespace ZlhPortal.Simulator.Agents;

/// <summary>The files a fresh container of each profile starts with, and the path rules the agent enforces.</summary>
internal static class AgentFiles
{
    public static Dictionary<string, string> Seed(string profile) => profile switch
    {
        var p when p.StartsWith("minecraft", StringComparison.Ordinal) => new()
        {
            ["server.properties"] = "motd=A ZeroLagHub server\nmax-players=20\nonline-mode=true\nview-distance=10\n",
            ["eula.txt"] = "eula=true\n",
            ["ops.json"] = "[]\n",
        },
        "valheim" => new() { ["start_server.sh"] = "#!/bin/sh\n./valheim_server.x86_64 -name \"ZeroLagHub\" -port 2456 -world Dedicated\n" },
        "terraria" => new() { ["serverconfig.txt"] = "maxplayers=8\nport=7777\nworldname=World\n" },
        "dev-node" => new()
        {
            ["package.json"] = "{\n  \"name\": \"app\",\n  \"version\": \"1.0.0\",\n  \"scripts\": { \"dev\": \"node index.js\" }\n}\n",
            ["index.js"] = "const http = require('http');\nhttp.createServer((req, res) => res.end('hello')).listen(3000);\n",
            ["README.md"] = "# Node.js workspace\n",
        },
        "dev-python" => new() { ["main.py"] = "print('hello')\n", ["requirements.txt"] = "flask==3.1.0\n", ["README.md"] = "# Python workspace\n" },
        "dev-dotnet" => new()
        {
            ["Program.cs"] = "var app = WebApplication.Create(args);\napp.MapGet(\"/\", () => \"hello\");\napp.Run();\n",
            ["App.csproj"] = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n</Project>\n",
            ["README.md"] = "# .NET workspace\n",
        },
        "dev-go" => new() { ["main.go"] = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n", ["go.mod"] = "module app\n\ngo 1.24\n" },
        _ => [],
    };

    /// <summary>Normalises a relative path inside the server directory; null when it would escape it.</summary>
    public static string? Confine(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is ".." or "." || p.Contains('\0', StringComparison.Ordinal)))
        {
            return null;
        }

        return string.Join('/', parts);
    }
}
