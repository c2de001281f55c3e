namespace EdgeSecurity.Upstream.Viid;

/// <summary>The 视图库 we upload to and who we are there. Bound from <c>Hub:Upstream:Viid:*</c> by the hub (keys in README.md).</summary>
public sealed class ViidClientOptions
{
    /// <summary>The 视图库's base URL; paths /VIID/... are appended.</summary>
    public required Uri BaseUri { get; init; }

    /// <summary>Our platform's 20-digit code (<see cref="ViidCodes.DeviceCode"/>), sent as RegisterObject.DeviceID and User-Identify.</summary>
    public required string DeviceId { get; init; }

    public required string Username { get; init; }

    public required string Password { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The offset of the standard's local times (yyyyMMddHHmmss without zone): China Standard Time.</summary>
    public TimeSpan LocalOffset { get; init; } = TimeSpan.FromHours(8);

    public void Validate()
    {
        if (!ViidCodes.IsDeviceCode(DeviceId))
            throw new ArgumentException($"the platform code '{DeviceId}' must be 20 digits (GB/T 28181 Appendix D)");
        if (!BaseUri.IsAbsoluteUri || (BaseUri.Scheme != Uri.UriSchemeHttp && BaseUri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"the 视图库 address {BaseUri} must be an absolute http or https URL");
        if (string.IsNullOrEmpty(Username))
            throw new ArgumentException("the 视图库 user name is required");
    }
}
