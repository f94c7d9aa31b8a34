using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.Agents;

/// <summary>The files a fresh container of each profile starts with, and the path rules the agent enforces.</summary>
internal static class AgentFiles
{
    public static Dictionary<string, SimFile> Seed(string profile, DateTimeOffset now) =>
        SeedText(profile).ToDictionary(f => f.Key, f => SimFile.Text(f.Value, now), StringComparer.Ordinal);

    private static Dictionary<string, string> SeedText(string profile) => profile switch
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
    public static string? Confine(string? path) => Check(path, out var confined) is null ? confined : null;

    /// <summary>
    /// Why <paramref name="path"/> is refused (null when it is fine); <paramref name="confined"/> is then the path
    /// relative to the server directory, with single slashes. Absolute paths and <c>.</c> or <c>..</c> segments are
    /// refused outright rather than resolved: a caller who writes them means a place outside, or is probing.
    /// </summary>
    public static string? Check(string? path, out string confined)
    {
        confined = "";
        if (string.IsNullOrWhiteSpace(path))
        {
            return "path is empty";
        }

        var slashed = path.Replace('\\', '/');
        if (slashed.StartsWith('/') || (slashed.Length > 1 && slashed[1] == ':'))
        {
            return "path must be relative to the server directory, not absolute";
        }

        var parts = slashed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is ".." or "."))
        {
            return "path must not contain . or .. segments";
        }

        if (parts.Length == 0 || parts.Any(p => p.Any(char.IsControl)))
        {
            return "path holds no name or a control character";
        }

        confined = string.Join('/', parts);
        return null;
    }
}
