using Microsoft.AspNetCore.Antiforgery;

namespace EdgeSecurity.Hub.Access;

/// <summary>
/// Requests that change something must carry the CSRF token the login returned (header X-CSRF-TOKEN), so another site
/// open in the same browser cannot act with the operator's cookie.
/// </summary>
public sealed class CsrfFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method)
            && !await antiforgery.IsRequestValidAsync(context.HttpContext).ConfigureAwait(false))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid CSRF token",
                detail: $"Send the csrfToken from POST /api/auth/login in the {HeaderName} header.");
        }
        return await next(context).ConfigureAwait(false);
    }
}
