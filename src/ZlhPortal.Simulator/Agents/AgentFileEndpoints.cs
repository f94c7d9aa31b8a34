using System.Text;

namespace ZlhPortal.Simulator.Agents;

/// <summary><c>GET|PUT /files/content?path=</c>, shared by the agent and the dev container's IDE.</summary>
internal static class AgentFileEndpoints
{
    public static async Task ReadAsync(AgentRuntime agent, HttpContext context)
    {
        var path = AgentFiles.Confine(context.Request.Query["path"]);
        if (path is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "path must be relative to the server directory" });
            return;
        }

        var content = agent.ReadFile(path);
        if (content is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(new { error = "no such file" });
            return;
        }

        // With its length, as a file server answers for a file (not chunked).
        var bytes = Encoding.UTF8.GetBytes(content);
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public static async Task WriteAsync(AgentRuntime agent, HttpContext context)
    {
        var path = AgentFiles.Confine(context.Request.Query["path"]);
        if (path is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "path must be relative to the server directory" });
            return;
        }

        if (context.Request.ContentLength > AgentEndpoints.MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        agent.WriteFile(path, await reader.ReadToEndAsync(context.RequestAborted));
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
