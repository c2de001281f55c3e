using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Site;

/// <summary>A place as the API lists it, with its parent chain's names for display ("杭州市 / 西湖区 / ...").</summary>
public sealed record PlaceView(string Id, string? ParentId, PlaceLevel Level, string Name, string? Code, string Path);

public sealed record ImportReport(bool Imported, int Places, int Gateways, int People, IReadOnlyList<string> Errors);

public static class SiteExtensions
{
    private const int MaxImportBytes = 8 * 1024 * 1024;

    public static IHostApplicationBuilder AddHubSite(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SiteStore>();
        builder.Services.AddSingleton<SiteDirectory>();
        builder.Services.AddSingleton<SiteImporter>();
        builder.Services.AddHostedService<SiteLoader>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSiteApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/places", Places).RequireAuthorization();
        app.MapGet("/api/people", People).RequireAuthorization(AccessExtensions.AdminPolicy);
        app.MapPost("/api/site/import", ImportAsync).AddEndpointFilter<CsrfFilter>().RequireAuthorization(AccessExtensions.AdminPolicy);
        return app;
    }

    private static Ok<IReadOnlyList<PlaceView>> Places(SignedIn me) =>
        TypedResults.Ok<IReadOnlyList<PlaceView>>([.. me.Site.Places
            .Select(p => new PlaceView(p.Id, p.ParentId, p.Level, p.Name, p.Code, string.Join(" / ", me.Site.Ancestry(p.Id).Reverse().Select(a => a.Name))))
            .OrderBy(p => p.Level).ThenBy(p => p.Id, StringComparer.Ordinal)]);

    private static Ok<IReadOnlyList<Person>> People(SignedIn me) =>
        TypedResults.Ok<IReadOnlyList<Person>>([.. me.Site.People.OrderBy(p => p.Login, StringComparer.Ordinal)]);

    /// <summary>
    /// A YAML site file (Content-Type application/yaml), or one CSV table (text/csv with ?kind=places|gateways|people).
    /// 200 when imported; 422 with every problem and its line when not, and then nothing was imported.
    /// </summary>
    private static async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, string? kind, SiteImporter importer, CancellationToken ct)
    {
        if (request.ContentLength > MaxImportBytes)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"An import is at most {MaxImportBytes / 1024 / 1024} MB.");
        string body;
        using (var reader = new StreamReader(request.Body))
            body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        SiteImportResult result;
        switch (mediaType)
        {
            case "application/yaml" or "application/x-yaml" or "text/yaml":
                result = await importer.ImportYamlAsync(body, "import.yaml", ct).ConfigureAwait(false);
                break;
            case "text/csv" when kind is not null && ApiNames.TryParse<SiteCsvKind>(kind, out var csvKind):
                result = await importer.ImportCsvAsync(csvKind, body, $"{kind}.csv", ct).ConfigureAwait(false);
                break;
            case "text/csv":
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"A CSV import needs ?kind= {ApiNames.Choices<SiteCsvKind>()}.");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send application/yaml (a site file) or text/csv with ?kind=.");
        }
        var report = new ImportReport(result.Imported, result.Places, result.Gateways, result.People, [.. result.Errors.Select(e => e.ToString())]);
        return result.Imported ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
    }
}
