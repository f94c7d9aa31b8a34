namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// The simulated players on a running game: they join and leave through the control API, and the console's
/// <c>list</c>, <c>kick</c>, <c>ban</c>, <c>pardon</c> and <c>whitelist</c> act on them as a Minecraft server's do. Bans and
/// the whitelist live in the game's files, so they survive restarts and the portal sees them.
/// </summary>
internal sealed class PlayerRoster(AgentRuntime agent)
{
    private readonly List<string> online = [];
    private readonly Lock gate = new();

    public IReadOnlyList<string> Online
    {
        get
        {
            lock (gate)
            {
                return online.ToList();
            }
        }
    }

    /// <summary>Everyone leaves: the game stopped.</summary>
    public void Clear()
    {
        lock (gate)
        {
            online.Clear();
        }
    }

    /// <summary>A player tries to join; the line the server logs says whether they got in.</summary>
    public (bool Joined, string Line) Join(string name, int maxPlayers, bool whitelistOn)
    {
        if (Has(AgentSettings.Banned, name))
        {
            return (false, $"Disconnecting {name}: You are banned from this server.");
        }

        if (whitelistOn && !Has(AgentSettings.Whitelist, name))
        {
            return (false, $"Disconnecting {name}: You are not white-listed on this server!");
        }

        lock (gate)
        {
            if (online.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return (true, $"{name} is already online");
            }

            if (online.Count >= maxPlayers)
            {
                return (false, $"Disconnecting {name}: The server is full!");
            }

            online.Add(name);
        }

        return (true, $"{name} joined the game");
    }

    public string? Leave(string name) => Remove(name) is { } left ? $"{left} left the game" : null;

    /// <summary>Answers a player command, or null when <paramref name="command"/> is not one.</summary>
    public IReadOnlyList<string>? Answer(string command, int maxPlayers)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = words[0].ToLowerInvariant();
        var name = words.Length > 1 ? words[1] : null;
        switch (verb)
        {
            case "list":
                var names = Online;
                return [$"There are {names.Count} of a max of {maxPlayers} players online: {string.Join(", ", names)}"];
            case "kick" when name is not null:
                return Remove(name) is { } kicked ? [$"Kicked {kicked}: Kicked by an operator"] : ["No player was found"];
            case "ban" when name is not null:
                Edit(AgentSettings.Banned, names => names.Add(name));
                Remove(name);
                return [$"Banned {name}: Banned by an operator."];
            case "pardon" when name is not null:
                Edit(AgentSettings.Banned, names => names.RemoveAll(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)));
                return [$"Unbanned {name}"];
            case "whitelist" when words.Length > 2 && words[1].Equals("add", StringComparison.OrdinalIgnoreCase):
                Edit(AgentSettings.Whitelist, names => names.Add(words[2]));
                return [$"Added {words[2]} to the whitelist"];
            case "whitelist" when words.Length > 2 && words[1].Equals("remove", StringComparison.OrdinalIgnoreCase):
                Edit(AgentSettings.Whitelist, names => names.RemoveAll(n => n.Equals(words[2], StringComparison.OrdinalIgnoreCase)));
                return [$"Removed {words[2]} from the whitelist"];
            case "kick" or "ban" or "pardon" or "whitelist":
                return ["Unknown or incomplete command, see below for error", $"{command}<--[HERE]"];
            default:
                return null;
        }
    }

    private string? Remove(string name)
    {
        lock (gate)
        {
            var index = online.FindIndex(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            var removed = online[index];
            online.RemoveAt(index);
            return removed;
        }
    }

    private bool Has(string file, string name) =>
        AgentSettings.Names(agent.ReadFile(file)).Contains(name, StringComparer.OrdinalIgnoreCase);

    private void Edit(string file, Action<List<string>> edit)
    {
        var names = AgentSettings.Names(agent.ReadFile(file));
        edit(names);
        agent.WriteFile(file, AgentSettings.NameList(names));
    }
}
