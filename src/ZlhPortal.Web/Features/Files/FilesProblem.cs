using Microsoft.AspNetCore.Http.HttpResults;

namespace ZlhPortal.Web.Features.Files;

/// <summary>Why a file operation did not happen: the HTTP status the API answers with and a message a person can act on.</summary>
public sealed record FilesProblem(int Status, string Title, string Detail)
{
    public static FilesProblem BadPath(string reason) => new(400, "Invalid path", reason);

    public static FilesProblem TooLarge(string what, long limit) => new(413, "Too large", $"{what} is larger than the limit of {limit} bytes ({FileSizes.Format(limit)}).");

    public static FilesProblem Unavailable(string detail) => new(503, "Server unavailable", detail);

    public ProblemHttpResult ToResult() => TypedResults.Problem(statusCode: Status, title: Title, detail: Detail);
}
