namespace ZlhPortal.Web.Features.Files;

/// <summary>The file manager: a server's files through its agent (the Files tab and <c>/api/v1/servers/{id}/files</c>).</summary>
public static class FilesFeature
{
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ServerFiles>();
        return builder;
    }
}
